/* The severity form: a colour picker beside the hex field, and a live preview of the dot and the
 * banner with the name being typed. */
(() => {
  const picker = document.getElementById("color-picker");
  const text = document.getElementById("color");
  const name = document.getElementById("name");
  const hex = /^#[0-9a-f]{6}$/i;
  const paint = (value) => document.querySelectorAll("[data-preview-color]")
    .forEach((el) => { el.style.backgroundColor = value; });
  picker.hidden = false;
  picker.addEventListener("input", () => { text.value = picker.value; paint(picker.value); });
  text.addEventListener("input", () => {
    const value = text.value.trim().toLowerCase();
    if (hex.test(value)) { picker.value = value; paint(value); }
  });
  name.addEventListener("input", () => document.querySelectorAll("[data-preview-name]")
    .forEach((el) => { el.textContent = name.value.trim() || el.dataset.defaultName; }));
})();
