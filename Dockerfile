FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
RUN useradd --create-home --uid 1000 clinic

COPY pyproject.toml README.md ./
COPY fbss ./fbss
COPY intake ./intake
COPY education ./education
RUN pip install .

COPY . .
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

USER clinic
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py sync_roles && gunicorn fbss.wsgi:application --bind 0.0.0.0:8000 --workers 3"]
