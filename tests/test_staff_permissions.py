"""
Staff permissions come from the clinic's own backend in one query, and are exactly those
Django's own backend would give: granted directly, through groups, to superusers, and none to
inactive or anonymous users or for single objects.
"""

import pytest
from django.contrib.auth import backends
from django.contrib.auth.models import AnonymousUser, Group, Permission

from fbss.backends import ModelBackend
from fbss.roles import CLINICIANS, CONTENT_EDITORS
from tests.conftest import staff_member

pytestmark = pytest.mark.django_db


def permission(codename):
    return Permission.objects.get(codename=codename)


def fresh(user):
    """The user as loaded for a new request: no permissions remembered."""
    return type(user).objects.get(pk=user.pk)


def with_direct_grant(user):
    user.user_permissions.add(permission("delete_case"))
    return user


def in_two_groups(user):
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    return user


def with_a_grant_its_group_also_gives(user):
    user.user_permissions.add(permission("view_case"))
    return user


def made_superuser(user):
    user.is_superuser = True
    user.save()
    return user


def made_inactive(user):
    user.is_active = False
    user.save()
    return user


def without_groups(user):
    user.groups.clear()
    return user


@pytest.mark.parametrize(
    ("change", "given", "not_given"),
    [
        (lambda user: user, "intake.view_case", "education.change_guidepage"),
        (with_direct_grant, "intake.delete_case", "education.change_guidepage"),
        (in_two_groups, "education.change_guidepage", "intake.delete_case"),
        (with_a_grant_its_group_also_gives, "intake.view_case", "intake.delete_case"),
        (made_superuser, "intake.delete_case", None),
        (made_inactive, None, "intake.view_case"),
        (without_groups, None, "intake.view_case"),
        (
            lambda user: with_direct_grant(without_groups(user)),
            "intake.delete_case",
            "intake.view_case",
        ),
    ],
    ids=[
        "clinicians' group",
        "group and a direct grant",
        "two groups",
        "a grant the group also gives",
        "superuser",
        "inactive",
        "no group",
        "a direct grant alone",
    ],
)
def test_the_same_permissions_as_djangos_own_backend(django_user_model, change, given, not_given):
    user = change(staff_member(django_user_model, "dr.jones", "Rhian", "Jones", CLINICIANS))

    ours = ModelBackend().get_all_permissions(fresh(user))

    assert ours == backends.ModelBackend().get_all_permissions(fresh(user))
    assert given is None or given in ours
    assert not_given is None or not_given not in ours


def test_a_clinician_may_view_and_change_cases_but_not_delete_them(clinician):
    user = fresh(clinician)

    assert user.has_perm("intake.view_case")
    assert user.has_perm("intake.change_case")
    assert not user.has_perm("intake.delete_case")


def test_no_permissions_for_anonymous_users_or_for_one_object(clinician):
    assert ModelBackend().get_all_permissions(AnonymousUser()) == set()
    assert ModelBackend().get_all_permissions(fresh(clinician), obj=object()) == set()


def test_permissions_are_read_in_one_query_and_remembered_for_the_request(
    clinician, django_assert_num_queries
):
    user = fresh(clinician)

    with django_assert_num_queries(1):
        user.has_perm("intake.view_case")
        user.has_perm("intake.change_case")
        user.has_module_perms("intake")
