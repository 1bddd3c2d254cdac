import os

from arcadepy import Arcade, BadRequestError
from flask import Flask, redirect, request, session

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]  # signs the session cookie
client = Arcade()  # Server side only: the API key never reaches the browser


@app.get("/auth/verify")
def verify_user():
    flow_id = request.args.get("flow_id")
    # Who is signed in to *your* app: from your own session, never the URL
    user_id = session.get("user_id")
    if not flow_id or not user_id:
        return "Missing flow_id, or nobody is signed in", 400
    try:
        # Must be the same user_id the app passed to auth.start()
        result = client.auth.confirm_user(flow_id=flow_id, user_id=user_id)
    except BadRequestError:
        return "This authorization was started by another user", 403
    # Answer at once: Arcade finishes the grant at next_uri,
    # and the app's status poll then sees "completed".
    return redirect(result.next_uri or "/", code=303)
