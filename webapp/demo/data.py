"""The demo's people, groups, accounts and case texts."""

from webapp.auth.roles import Role

USERS = [
    # username, full name, roles
    ("admin", "Ada Admin", [Role.ADMIN]),
    ("pat", "Pat Morgan", [Role.ESCALATION_ADMIN]),
    ("alice", "Alice Carter", [Role.AGENT]),
    ("carol", "Carol Nguyen", [Role.MANAGER]),
    ("bob", "Bob Fischer", [Role.APPROVER]),
    ("dave", "Dave Okafor", [Role.ESCALATION_MANAGER]),
    ("erin", "Erin Walsh", [Role.ESCALATION_REQUESTER]),
    ("frank", "Frank Delgado", []),
    ("grace", "Grace Liu", [Role.AGENT]),
    ("henry", "Henry Adeyemi", [Role.AGENT]),
]

GROUPS = [
    # name, description, manager, members
    ("Tier 1 Support", "First line: triage and common problems", "carol", ["alice", "grace"]),
    ("Tier 2 Support", "Deep technical investigations", "carol", ["henry"]),
    ("Escalation Approvers", "Approves case and account escalations", None, ["bob"]),
    ("Escalation Management", "Runs account escalations", "carol", ["dave"]),
]

ACCOUNTS = [
    ("Northwind Traders", "platinum"), ("Contoso Pharmaceuticals", "platinum"),
    ("Fabrikam Logistics", "gold"), ("Tailspin Airways", "gold"),
    ("Woodgrove Bank", "platinum"), ("Adventure Works Cycles", "silver"),
    ("Litware Health", "gold"), ("Proseware Analytics", "silver"),
    ("Wide World Importers", "silver"), ("Blue Yonder Energy", "gold"),
    ("Coho Winery", "bronze"), ("Lucerne Publishing", "bronze"),
    ("Margie's Travel", "silver"), ("Alpine Ski House", "bronze"),
    ("Trey Research", "gold"), ("Fourth Coffee", "bronze"),
    ("Humongous Insurance", "platinum"), ("Southridge Video", "silver"),
    ("Relecloud Hosting", "gold"), ("VanArsdel Foods", "silver"),
    ("Bellows College", "bronze"), ("Graphic Design Institute", "bronze"),
]

FIRST_NAMES = ["Maria", "James", "Priya", "Tom", "Sofia", "Kenji", "Amara", "Lucas", "Nadia",
               "Oliver", "Leila", "Ethan", "Hannah", "Mateo", "Ingrid", "Samuel"]
LAST_NAMES = ["Schmidt", "Okoro", "Patel", "Johansson", "Rossi", "Tanaka", "Mensah", "Dubois",
              "Kowalski", "Brennan", "Haddad", "Moreau", "Lindqvist", "García", "Novak", "Reyes"]
TITLES = ["IT Operations Manager", "Head of Infrastructure", "Procurement Lead", "CTO",
          "Service Owner", "Systems Administrator", "Customer Success Lead"]

PROBLEMS = [
    ("Login page times out for all users", "Since this morning every login attempt ends in a "
     "gateway timeout after 60 seconds. Single sign-on users are affected too."),
    ("Nightly data export missing rows", "The 02:00 export delivered about 40% fewer rows than "
     "usual. Downstream reports are wrong."),
    ("Invoices show the wrong currency", "Invoices issued since the last release show USD "
     "instead of EUR for European entities."),
    ("API rate limit hit far below contract", "Customer receives HTTP 429 at roughly 200 "
     "requests per minute; the contract allows 1,000."),
    ("Dashboard charts do not load", "Charts stay on the spinner in Chrome and Edge; the "
     "browser console shows a 500 from the metrics endpoint."),
    ("Password reset emails not arriving", "Reset emails are not delivered to the customer's "
     "domain. Other mail arrives normally."),
    ("Mobile app crashes on start", "The iOS app closes right after the splash screen on "
     "version 4.2.1."),
    ("Scheduled reports sent twice", "Every scheduled report is delivered twice, five minutes "
     "apart."),
    ("Search returns no results for new records", "Records created in the last two days do "
     "not show up in search."),
    ("Slow page loads in the EU region", "Page loads take 8 to 12 seconds in the EU region "
     "during business hours."),
    ("Data sync with CRM stopped", "The CRM connector has not synchronised since Friday; the "
     "connector status says 'running'."),
    ("User provisioning fails for new hires", "SCIM provisioning returns 400 for users whose "
     "names contain an apostrophe."),
    ("Audit log export is empty", "Exporting the audit log for last month produces an empty "
     "CSV file."),
    ("Billing portal shows another tenant's logo", "The billing portal header shows a logo "
     "that is not the customer's."),
    ("Webhook deliveries delayed by hours", "Webhooks arrive three to four hours after the "
     "event."),
    ("Two-factor codes rejected", "Valid TOTP codes are rejected for about a third of users."),
    ("Storage quota reached unexpectedly", "The customer reached their storage quota although "
     "usage reports show 60%."),
    ("Printing labels produces blank pages", "Shipping labels print as blank pages on the "
     "warehouse printers."),
    ("Integration test environment unavailable", "The sandbox environment answers 503 since "
     "the maintenance window."),
    ("Custom fields lost after upgrade", "Three custom fields on the order form disappeared "
     "after the upgrade to 7.3."),
]

NOTES = [
    "Called the customer and confirmed the impact. Collecting logs.",
    "Reproduced in our test environment. Passing to engineering.",
    "Customer sent screenshots; attached to the case.",
    "Workaround shared with the customer; awaiting confirmation.",
]
