from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        """People copy codes with the spaces and dashes they were shown in, in any case."""
        code = self.cleaned_data["code"]
        return "".join(code.split()).replace("-", "").lower()


class AuthenticatorCodeForm(CodeForm):
    """Only the authenticator app's six digits: recovery codes do not exist yet."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
