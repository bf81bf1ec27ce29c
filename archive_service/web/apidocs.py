"""/api/v1/docs: the API's interactive documentation (Swagger UI on /api/v1/openapi.json).

Swagger UI's files come from the pinned ``flask-swagger-ui`` package (its ``dist`` folder,
Swagger UI 5.34.0, Apache-2.0), served by this app: no CDN, and no inline script (the page's
start-up is static/api-docs.js, so the Content-Security-Policy stays as it is).
"""

from __future__ import annotations

from importlib.resources import files

from flask import Blueprint, render_template, send_from_directory

bp = Blueprint("apidocs", __name__)
SWAGGER_UI_DIR = files("flask_swagger_ui") / "dist"
SWAGGER_UI_FILES = ("swagger-ui.css", "swagger-ui-bundle.js", "LICENSE", "VERSION")
ONE_DAY = 24 * 3600


@bp.route("/api/v1/docs")
def page():
    """The operations of /api/v1, to read and to try with a token."""
    return render_template("api_docs.html")


@bp.route(f"/static/swagger-ui/<any({', '.join(map(repr, SWAGGER_UI_FILES))}):name>")
def asset(name: str):
    return send_from_directory(str(SWAGGER_UI_DIR), name, max_age=ONE_DAY)
