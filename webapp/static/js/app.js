/* Behaviour every page shares, wired from data attributes (no inline script: the pages' content
 * security policy forbids it).
 *   <form data-confirm="Delete X?">   asks before the form is sent
 *   <input data-submit-on-change>     sends its form when a file (or value) is chosen
 */
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-submit-on-change]")) event.target.form.submit();
});
