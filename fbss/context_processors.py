from django.conf import settings


def clinic(request):
    """Expose the clinic's name and the numbers patients may be told to call to every template."""
    return {
        "CLINIC_NAME": settings.CLINIC_NAME,
        "CLINIC_PHONE": settings.CLINIC_PHONE,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "URGENT_ADVICE_NUMBER": settings.URGENT_ADVICE_NUMBER,
        "CRISIS_LINE": settings.CRISIS_LINE,
    }
