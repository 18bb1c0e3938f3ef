"""
The working copy is called the working copy everywhere ("draft" belongs to the patient's
unsent intake), and the page's web address gets one like everything else patients see.

Columns and link tables are renamed, so no data moves. The new working address starts as the
current address; a page never published has no live address until it is. Status "draft"
becomes "unpublished".
"""

import django.core.validators
from django.db import migrations, models
from django.db.models import F

import education.models

RENAMED = (
    "title",
    "summary",
    "body",
    "topic",
    "position",
    "last_reviewed",
    "next_review_due",
)
RENAMED_LINKS = ("tags", "related")
PAGE_MODELS = ("GuidePage", "HistoricalGuidePage")


def address_and_status_forward(apps, schema_editor):
    db = schema_editor.connection.alias
    for name in PAGE_MODELS:
        pages = apps.get_model("education", name).objects.using(db)
        pages.update(working_slug=F("slug"))
        pages.filter(status="draft").update(status="unpublished")
        pages.filter(last_published_at__isnull=True, status="unpublished").update(slug="")


def address_and_status_backward(apps, schema_editor):
    """One address again: the one editors last gave, as it was before publishing held it."""
    db = schema_editor.connection.alias
    for name in PAGE_MODELS:
        pages = apps.get_model("education", name).objects.using(db)
        pages.update(slug=F("working_slug"))
        pages.filter(status="unpublished").update(status="draft")


class Migration(migrations.Migration):
    dependencies = [("education", "0003_working_copy_of_place_links_and_review_dates")]

    operations = [
        *(
            migrations.RemoveConstraint(model_name="guidepage", name=name)
            for name in (
                "guidepage_status_valid",
                "guidepage_draft_topic_valid",
                "guidepage_published_has_live_copy",
                "guidepage_draft_review_due_after_last_review",
            )
        ),
        *(
            migrations.RenameModel(
                old_name=f"HistoricalGuidePage_draft_{name}",
                new_name=f"HistoricalGuidePage_working_{name}",
            )
            for name in RENAMED_LINKS
        ),
        *(
            migrations.RenameField(
                model_name=model, old_name=f"draft_{name}", new_name=f"working_{name}"
            )
            for model in ("guidepage", "historicalguidepage")
            for name in RENAMED
        ),
        *(
            migrations.RenameField(
                model_name="guidepage", old_name=f"draft_{name}", new_name=f"working_{name}"
            )
            for name in RENAMED_LINKS
        ),
        *(
            migrations.AddField(
                model_name=model,
                name="working_slug",
                field=models.SlugField(db_index=False, default="", max_length=120),
                preserve_default=False,
            )
            for model in ("guidepage", "historicalguidepage")
        ),
        *(
            migrations.AlterField(
                model_name=model,
                name="status",
                field=models.CharField(
                    choices=[("unpublished", "Not published"), ("published", "Published")],
                    default="unpublished",
                    help_text="Changed only by publishing or unpublishing.",
                    max_length=20,
                    verbose_name="status",
                ),
            )
            for model in ("guidepage", "historicalguidepage")
        ),
        migrations.AlterField(
            model_name="guidepage",
            name="slug",
            field=models.SlugField(blank=True, max_length=120),
        ),
        migrations.RunPython(
            address_and_status_forward, address_and_status_backward, elidable=False
        ),
        # Help texts and the rest of each column as COPIED_FIELDS declares it, then the
        # constraints again with the new names.
        migrations.AlterModelOptions(
            name='guidepage',
            options={'ordering': ['working_topic', 'working_position', 'working_title'], 'permissions': [('publish_guidepage', 'Can publish and unpublish guide pages')], 'verbose_name': 'guide page'},
        ),
        migrations.AlterModelOptions(
            name='historicalguidepage_working_related',
            options={'verbose_name': 'HistoricalGuidePage_working_related'},
        ),
        migrations.AlterModelOptions(
            name='historicalguidepage_working_tags',
            options={'verbose_name': 'HistoricalGuidePage_working_tags'},
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='body',
            field=models.TextField(blank=True, help_text='What patients see as “body”: copied from the working copy when published.', verbose_name='live body'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='last_reviewed',
            field=models.DateField(blank=True, help_text='What patients see as “last reviewed”: copied from the working copy when published.', null=True, verbose_name='live last reviewed'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='next_review_due',
            field=models.DateField(blank=True, help_text='What patients see as “next review due”: copied from the working copy when published.', null=True, verbose_name='live next review due'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='position',
            field=models.PositiveSmallIntegerField(blank=True, default=0, help_text='What patients see as “order within topic”: copied from the working copy when published.', validators=[django.core.validators.MaxValueValidator(999)], verbose_name='live order within topic'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='related',
            field=models.ManyToManyField(blank=True, help_text='What patients see as “related pages”: copied from the working copy when published.', to='education.guidepage', verbose_name='live related pages'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='slug',
            field=models.SlugField(blank=True, help_text='What patients see as “web address”: copied from the working copy when published.', max_length=120, validators=[education.models.validate_not_reserved], verbose_name='live web address'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='summary',
            field=models.CharField(blank=True, help_text='What patients see as “summary”: copied from the working copy when published.', max_length=300, verbose_name='live summary'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='tags',
            field=models.ManyToManyField(blank=True, help_text='What patients see as “intake findings”: copied from the working copy when published.', related_name='pages', to='education.findingtag', verbose_name='live intake findings'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='title',
            field=models.CharField(blank=True, help_text='What patients see as “title”: copied from the working copy when published.', max_length=120, verbose_name='live title'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='topic',
            field=models.CharField(blank=True, choices=[('urgent_help', 'When to get help fast'), ('understanding', 'Understanding FBSS'), ('why_surgery_fails', 'Why back surgery can fail'), ('treatment_options', 'Treatment options'), ('living_with_pain', 'Living with pain'), ('before_appointment', 'Before your appointment')], help_text='What patients see as “topic”: copied from the working copy when published.', max_length=30, verbose_name='live topic'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='working_last_reviewed',
            field=models.DateField(blank=True, help_text='Needed to publish. The date a clinician last checked the page is correct; shown to patients once the page is published.', null=True, verbose_name='last reviewed'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='working_next_review_due',
            field=models.DateField(blank=True, help_text="Needed to publish. When a clinician should check the page again; shown to patients once the page is published, and the editors' list flags pages past it.", null=True, verbose_name='next review due'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='working_slug',
            field=models.SlugField(help_text="The last part of the page's address, e.g. “spinal-cord-stimulation”. A new address goes live when the page is published; from then on the old one keeps working and sends readers here.", max_length=120, unique=True, validators=[education.models.validate_not_reserved], verbose_name='web address'),
        ),
        migrations.AlterField(
            model_name='guidepage',
            name='working_tags',
            field=models.ManyToManyField(blank=True, help_text='The intake suggests this page to patients whose answers include any of these.', related_name='working_pages', to='education.findingtag', verbose_name='intake findings'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='body',
            field=models.TextField(blank=True, help_text='What patients see as “body”: copied from the working copy when published.', verbose_name='live body'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='last_reviewed',
            field=models.DateField(blank=True, help_text='What patients see as “last reviewed”: copied from the working copy when published.', null=True, verbose_name='live last reviewed'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='next_review_due',
            field=models.DateField(blank=True, help_text='What patients see as “next review due”: copied from the working copy when published.', null=True, verbose_name='live next review due'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='position',
            field=models.PositiveSmallIntegerField(blank=True, default=0, help_text='What patients see as “order within topic”: copied from the working copy when published.', validators=[django.core.validators.MaxValueValidator(999)], verbose_name='live order within topic'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='slug',
            field=models.SlugField(blank=True, help_text='What patients see as “web address”: copied from the working copy when published.', max_length=120, validators=[education.models.validate_not_reserved], verbose_name='live web address'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='summary',
            field=models.CharField(blank=True, help_text='What patients see as “summary”: copied from the working copy when published.', max_length=300, verbose_name='live summary'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='title',
            field=models.CharField(blank=True, help_text='What patients see as “title”: copied from the working copy when published.', max_length=120, verbose_name='live title'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='topic',
            field=models.CharField(blank=True, choices=[('urgent_help', 'When to get help fast'), ('understanding', 'Understanding FBSS'), ('why_surgery_fails', 'Why back surgery can fail'), ('treatment_options', 'Treatment options'), ('living_with_pain', 'Living with pain'), ('before_appointment', 'Before your appointment')], help_text='What patients see as “topic”: copied from the working copy when published.', max_length=30, verbose_name='live topic'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='working_last_reviewed',
            field=models.DateField(blank=True, help_text='Needed to publish. The date a clinician last checked the page is correct; shown to patients once the page is published.', null=True, verbose_name='last reviewed'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='working_next_review_due',
            field=models.DateField(blank=True, help_text="Needed to publish. When a clinician should check the page again; shown to patients once the page is published, and the editors' list flags pages past it.", null=True, verbose_name='next review due'),
        ),
        migrations.AlterField(
            model_name='historicalguidepage',
            name='working_slug',
            field=models.SlugField(help_text="The last part of the page's address, e.g. “spinal-cord-stimulation”. A new address goes live when the page is published; from then on the old one keeps working and sends readers here.", max_length=120, validators=[education.models.validate_not_reserved], verbose_name='web address'),
        ),
        migrations.AddConstraint(
            model_name='guidepage',
            constraint=models.UniqueConstraint(condition=models.Q(('slug', ''), _negated=True), fields=('slug',), name='guidepage_live_slug_unique', violation_error_message='Another page is on the site at this address.'),
        ),
        migrations.AddConstraint(
            model_name='guidepage',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['unpublished', 'published'])), name='guidepage_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='guidepage',
            constraint=models.CheckConstraint(condition=models.Q(('working_topic__in', ['urgent_help', 'understanding', 'why_surgery_fails', 'treatment_options', 'living_with_pain', 'before_appointment'])), name='guidepage_working_topic_valid'),
        ),
        migrations.AddConstraint(
            model_name='guidepage',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'unpublished'), models.Q(('publish_at__isnull', False), models.Q(('title', ''), _negated=True), models.Q(('slug', ''), _negated=True), models.Q(('summary', ''), _negated=True), models.Q(('body', ''), _negated=True), models.Q(('topic', ''), _negated=True)), _connector='OR'), name='guidepage_published_has_live_copy'),
        ),
        migrations.AddConstraint(
            model_name='guidepage',
            constraint=models.CheckConstraint(condition=models.Q(('working_next_review_due__isnull', True), ('working_last_reviewed__isnull', True), ('working_next_review_due__gt', models.F('working_last_reviewed')), _connector='OR'), name='guidepage_working_review_due_after_last_review'),
        ),
    ]
