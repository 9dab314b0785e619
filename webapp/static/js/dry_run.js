// The modeler page's dry run: post the current diagram, show the path, tasks and operations.
(function () {
  "use strict";
  const root = document.getElementById("template-editor");
  const form = document.getElementById("dry-run-form");
  const result = document.getElementById("dry-run-result");
  if (!root || !form) return;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function section(title, rows) {
    const box = el("div", "mb-3");
    box.append(el("h3", "h6 mb-1", title));
    if (!rows.length) { box.append(el("div", "small text-body-secondary", "None")); return box; }
    const list = el("ol", "small ps-3 mb-0");
    rows.forEach((text) => list.append(el("li", "", text)));
    box.append(list);
    return box;
  }

  function render(report) {
    result.replaceChildren();
    const status = report.status;
    const kinds = { completed: "success", waiting: "info", error: "danger", invalid: "danger" };
    const summary = el("div", `alert alert-${kinds[status.kind] || "secondary"} py-2 small`);
    summary.append(el("strong", "", `${status.kind[0].toUpperCase()}${status.kind.slice(1)}`));
    if (report.final_state) summary.append(document.createTextNode(` · escalation ${report.final_state.replace(/_/g, " ")}`));
    if (status.message) summary.append(el("div", "", status.message));
    (status.waiting_for || []).forEach((w) => summary.append(el("div", "", `Waits for ${w.name || w.element_id}${w.detail ? ` (${w.detail})` : ""}`)));
    result.append(summary);
    if (status.element_id && window.templateEditor) window.templateEditor.selectElement(status.element_id);
    (report.problems || []).forEach((p) => result.append(el("div", "small text-danger", p.message)));
    result.append(section("Path", report.path.map((s) => s.name || s.element_id)));
    result.append(section("Tasks", report.tasks.map((t) =>
      `${t.name || t.element_id} · ${t.lane || "no lane"} · for ${t.candidates.join(", ") || "nobody"}${t.decision ? ` → ${t.decision}` : ""}`)));
    result.append(section("Operations", report.operations.map((o) =>
      `${o.name}(${Object.values(o.args).map((a) => JSON.stringify(a)).join(", ")})`)));
    result.append(section("Notifications", report.notifications.map((n) =>
      `${n.to} → ${n.recipients.join(", ") || "nobody"}: ${n.subject}`)));
    result.dataset.kind = status.kind;
  }

  function fieldErrors(fields) {
    form.querySelectorAll(".is-invalid").forEach((n) => n.classList.remove("is-invalid"));
    Object.entries(fields || {}).forEach(([name, message]) => {
      const input = form.elements[name];
      const feedback = form.querySelector(`[data-field="${name}"]`);
      if (input && feedback) { input.classList.add("is-invalid"); feedback.textContent = message; }
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    result.replaceChildren(el("div", "small text-body-secondary", "Running…"));
    const xml = await window.templateEditor.saveXML();
    const decisions = form.elements.decisions.value.split(/[\s,]+/).filter(Boolean);
    const body = {
      xml, source_type: root.dataset.sourceType, source: form.elements.source.value.trim(),
      template_id: Number(root.dataset.templateId), severity: form.elements.severity.value,
      decisions, de_escalate: form.elements.de_escalate.checked,
      pass_timers: form.elements.pass_timers.checked,
      breach_sla: form.elements.breach_sla.checked,
    };
    if (form.elements.assigned_to && form.elements.assigned_to.value.trim()) body.assigned_to = form.elements.assigned_to.value.trim();
    const response = await fetch(root.dataset.dryRunUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf, Accept: "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({ error: `The server answered ${response.status}.` }));
    if (response.ok) { fieldErrors({}); render(data); }
    else { fieldErrors(data.fields); result.replaceChildren(el("div", "alert alert-danger py-2 small", data.error || "The dry run failed.")); }
  });
})();
