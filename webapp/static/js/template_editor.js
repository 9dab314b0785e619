// The template modeler page: load the diagram, save drafts, publish, show problems by element.
(function () {
  "use strict";
  const root = document.getElementById("template-editor");
  if (!root) return;
  const csrf = root.dataset.csrf;
  const status = document.getElementById("editor-status");
  const messages = document.getElementById("editor-messages");
  const editor = EscalationsModeler.create({ container: "#canvas", propertiesPanel: "#properties" });
  let dirty = false;

  function say(text) { status.textContent = text; }

  function show(kind, title, items) {
    messages.replaceChildren();
    const box = document.createElement("div");
    box.className = `alert alert-${kind} py-2`;
    box.setAttribute("role", "alert");
    const heading = document.createElement("div");
    heading.className = "fw-semibold";
    heading.textContent = title;
    box.append(heading);
    if (items) box.append(items);
    messages.append(box);
  }

  function problemList(problems) {
    const list = document.createElement("ul");
    list.className = "list-group list-group-flush problem-list mt-2";
    problems.forEach((problem) => {
      const item = document.createElement("li");
      item.className = "list-group-item list-group-item-action small";
      const where = problem.element_name || problem.element_id || (problem.line ? `line ${problem.line}` : "diagram");
      const label = document.createElement("strong");
      label.textContent = where + ": ";
      item.append(label, document.createTextNode(problem.message));
      if (problem.element_id) {
        item.dataset.elementId = problem.element_id;
        item.title = "Select this element in the diagram";
        item.addEventListener("click", () => editor.selectElement(problem.element_id));
      }
      list.append(item);
    });
    return list;
  }

  function summaryList(summary) {
    const list = document.createElement("ul");
    list.className = "small mb-0 mt-1";
    ["added", "removed", "changed"].forEach((key) => {
      if (!summary[key] || !summary[key].length) return;
      const item = document.createElement("li");
      item.textContent = `${key[0].toUpperCase() + key.slice(1)}: ${summary[key].join(", ")}`;
      list.append(item);
    });
    return list;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = { error: `The server answered ${response.status}.` }; }
    return { ok: response.ok, data };
  }

  async function saveDraft() {
    const xml = await editor.saveXML();
    const { ok, data } = await post(root.dataset.draftUrl, { xml });
    if (ok) { dirty = false; say("Draft saved"); show("success", "Draft saved."); }
    else show("danger", data.error || "The draft was not saved.");
  }

  async function publish() {
    editor.clearHighlights();
    const xml = await editor.saveXML();
    const { ok, data } = await post(root.dataset.publishUrl, { xml });
    if (ok) {
      dirty = false;
      say(`Version ${data.version}`);
      show("success", `Published as version ${data.version}. New escalations use it; running ones stay on theirs.`, summaryList(data.summary));
    } else if (data.problems) {
      show("danger", `Not published: ${data.problems.length} problem(s). Click one to select its element.`, problemList(data.problems));
    } else {
      show("danger", data.error || "Not published.");
    }
  }

  document.getElementById("save-draft").addEventListener("click", saveDraft);
  document.getElementById("publish").addEventListener("click", publish);
  window.addEventListener("beforeunload", (event) => { if (dirty) { event.preventDefault(); event.returnValue = ""; } });

  fetch(root.dataset.xmlUrl, { headers: { Accept: "application/xml" } })
    .then((response) => response.text())
    .then((xml) => editor.importXML(xml))
    .then(() => {
      editor.onChange(() => { dirty = true; say("Unsaved changes"); });
      root.dataset.ready = "true";
    })
    .catch((error) => show("danger", `The diagram could not be opened: ${error.message}`));
  window.templateEditor = editor;
})();
