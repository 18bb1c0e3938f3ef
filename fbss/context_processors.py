from django.conf import settings


def clinic(request):
    """Expose the clinic's name and phone number to every template."""
    return {"CLINIC_NAME": settings.CLINIC_NAME, "CLINIC_PHONE": settings.CLINIC_PHONE}
