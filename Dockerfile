# One image for web and worker (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app
COPY requirements.txt .
RUN pip install --disable-pip-version-check -r requirements.txt

COPY . .
# Static files (incl. plotly.js from the plotly package) are collected at build time; the key is build-only.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v 0 \
 && useradd --create-home --uid 1000 yindi \
 && mkdir -p /app/var && chown -R yindi /app/var

USER yindi
EXPOSE 8000
ENTRYPOINT ["bin/entrypoint"]
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
