"""Steps the browser tests share."""

from playwright.sync_api import expect


def log_in(page, username: str, password: str = "demo") -> None:
    """Log in through the login page and wait until the app shows the user logged in."""
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
