// What every page does without inline handlers (the Content-Security-Policy runs scripts from this site
// only): a select marked data-autosubmit submits its form when changed; a link marked data-print prints.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});
