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
# The deployment check first: with nobody to alert, or e-mail going to the console (which would
# print resume links and patients' addresses in the log), the container does not start.
CMD ["sh", "-c", "python manage.py check --deploy && python manage.py migrate --noinput && python manage.py sync_roles && exec gunicorn -c gunicorn.conf.py fbss.wsgi:application"]
