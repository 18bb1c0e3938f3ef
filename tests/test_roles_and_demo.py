from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from fbss.management.commands.load_demo import DEMO_AUTHENTICATOR_SECRET, DEMO_PASSWORD
from fbss.roles import CLINICIANS, CONTENT_EDITORS, ROLE_PERMISSIONS, sync_roles

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def group_permissions(name):
    group = Group.objects.get(name=name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_migrate_creates_both_groups_with_exactly_their_permissions():
    assert group_permissions(CLINICIANS) == set(ROLE_PERMISSIONS[CLINICIANS])
    assert group_permissions(CONTENT_EDITORS) == set(ROLE_PERMISSIONS[CONTENT_EDITORS])


def test_clinicians_get_nothing_of_education_and_editors_nothing_of_intake():
    assert not any(p.startswith("education.") for p in group_permissions(CLINICIANS))
    assert not any(p.startswith("intake.") for p in group_permissions(CONTENT_EDITORS))


def test_sync_roles_is_idempotent_and_removes_stray_permissions():
    from django.contrib.auth.models import Permission

    editors = Group.objects.get(name=CONTENT_EDITORS)
    editors.permissions.add(Permission.objects.get(codename="delete_user"))
    sync_roles()
    sync_roles()
    assert Group.objects.filter(name__in=[CLINICIANS, CONTENT_EDITORS]).count() == 2
    assert group_permissions(CONTENT_EDITORS) == set(ROLE_PERMISSIONS[CONTENT_EDITORS])


def test_load_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()


def test_load_demo_is_idempotent_and_gives_each_demo_user_their_role(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = {model: model.objects.count() for model in _demo_models()}
    call_command("load_demo", stdout=StringIO())
    assert {model: model.objects.count() for model in _demo_models()} == first

    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    clinician = users.get(username="clinician")
    editor = users.get(username="editor")
    assert not clinician.is_superuser and not editor.is_superuser
    assert list(clinician.groups.values_list("name", flat=True)) == [CLINICIANS]
    assert list(editor.groups.values_list("name", flat=True)) == [CONTENT_EDITORS]


def _demo_models():
    from django.apps import apps

    return [
        get_user_model(),
        *apps.get_app_config("intake").get_models(),
        *apps.get_app_config("education").get_models(),
    ]


def test_demo_users_who_must_give_a_code_get_it_from_make_demo_code(settings, client):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert DEMO_AUTHENTICATOR_SECRET in out.getvalue()
    code_out = StringIO()
    call_command("demo_code", stdout=code_out)
    code = code_out.getvalue().split()[0]

    client.post(LOGIN, {"username": "clinician", "password": DEMO_PASSWORD})
    assert client.post("/admin/two-factor/", {"code": code})["Location"] == "/admin/"
    assert client.get("/admin/intake/case/").status_code == 200
    client.post("/admin/logout/")
    client.post(LOGIN, {"username": "editor", "password": DEMO_PASSWORD})
    assert client.get("/admin/").status_code == 200  # editors choose for themselves

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_code")
