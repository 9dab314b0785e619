// Notification preferences: each switch saves at once; the Save button is only for pages
// without this script.
(function () {
  "use strict";
  const form = document.getElementById("preferences-form");
  if (!form) return;
  document.getElementById("save-preferences").hidden = true;

  function say(row, text, cls) {
    const status = row.querySelector(".save-status");
    status.className = `save-status small me-2 ${cls}`;
    status.textContent = text;
  }

  form.addEventListener("change", async (event) => {
    const box = event.target;
    if (box.type !== "checkbox") return;
    const row = box.closest("tr");
    say(row, "Saving…", "text-body-secondary");
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      say(row, box.checked ? "Saved: e-mail on" : "Saved: e-mail off", "text-success");
    } catch (error) {
      box.checked = !box.checked;
      say(row, "Not saved: try again", "text-danger");
    }
  });
})();
