"""
The triage rank becomes a stored column generated from the triage level, so no way of writing
a case can leave the two disagreeing. A column cannot be turned into a generated one in place:
the indexes that use it are dropped, the column is replaced, and the indexes are built again.
"""

from django.db import migrations, models

TRIAGE_RANK = models.Case(
    models.When(triage_level="emergency", then=models.Value(0)),
    models.When(triage_level="urgent", then=models.Value(1)),
    models.When(triage_level="routine", then=models.Value(2)),
    output_field=models.PositiveSmallIntegerField(),
)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_case_search_trigram_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_triage_queue"),
        migrations.RemoveIndex(model_name="case", name="case_status_queue"),
        migrations.RemoveConstraint(model_name="case", name="case_triage_rank_known"),
        migrations.RemoveField(model_name="case", name="triage_rank"),
        migrations.AddField(
            model_name="case",
            name="triage_rank",
            field=models.GeneratedField(
                db_persist=True,
                expression=TRIAGE_RANK,
                output_field=models.PositiveSmallIntegerField(),
                help_text="0 for emergency, 1 urgent, 2 routine: sorts the triage queue.",
                verbose_name="triage rank",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["triage_rank", "submitted_at"], name="case_triage_queue"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["status", "triage_rank", "submitted_at"], name="case_status_queue"
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(triage_level__in=("emergency", "urgent", "routine")),
                name="case_triage_level_known",
            ),
        ),
        migrations.AlterModelOptions(
            name="case",
            options={
                "ordering": ("triage_rank", "submitted_at", "pk"),
                "permissions": [("export_case", "Can export cases as CSV")],
                "verbose_name": "case",
            },
        ),
    ]
