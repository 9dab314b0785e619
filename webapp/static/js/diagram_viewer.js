// Shows a diagram read-only with its completed, active and waiting elements marked.
(function () {
  "use strict";
  document.querySelectorAll("[data-diagram-viewer]").forEach(async (container) => {
    try {
      const response = await fetch(container.dataset.xmlUrl, { headers: { Accept: "application/xml" } });
      const xml = await response.text();
      const marks = JSON.parse(container.dataset.marks || "{}");
      const overlays = JSON.parse(container.dataset.overlays || "[]");
      await EscalationsViewer.show({ container, xml, marks, overlays });
      container.dataset.ready = "true";
    } catch (error) {
      container.textContent = `The diagram could not be shown: ${error.message}`;
    }
  });
})();
