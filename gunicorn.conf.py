"""
Gunicorn's settings in the image (``gunicorn -c gunicorn.conf.py``).

Gunicorn has no limit on a request's body: the TLS proxy in front refuses large bodies (see the
README) and the app refuses any body over ``REQUEST_BODY_MAX_SIZE`` before reading it. Here
are the limits gunicorn does have, on the request line and headers, and on slow clients.
"""

bind = "0.0.0.0:8000"
workers = 3
# The longest address the site uses is far shorter; a longer one is refused with a 414.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# A worker waits this long for a slow or stalled request before it is recycled.
timeout = 30
