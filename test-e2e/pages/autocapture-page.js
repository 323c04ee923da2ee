// The autocapture test pages' own behaviour, the same under both libraries: controls that
// change the page when clicked (so only #dead is a dead click), a form that stays on the page,
// a widget in an open shadow root, and typed text mirrored into the `value` attribute as some
// frameworks do (autocapture must still never send it).
document.addEventListener('DOMContentLoaded', function () {
  var status = document.getElementById('status');
  document.addEventListener('click', function (e) {
    if (e.target.closest && e.target.closest('#dead')) return;
    status.textContent = 'clicked ' + Date.now();
  });
  document.getElementById('signup').addEventListener('submit', function (e) {
    e.preventDefault();
    status.textContent = 'submitted';
  });
  document.addEventListener('input', function (e) {
    var el = e.target;
    if (el.setAttribute && 'value' in el && el.type !== 'file') el.setAttribute('value', el.value);
    if (el.setAttribute) el.setAttribute('data-typed', el.value || el.textContent || '');
  });
  var root = document.getElementById('shadow-host').attachShadow({ mode: 'open' });
  root.innerHTML = '<div class="inner"><button id="shadow-button" class="sb" type="button"><span class="sb-label">Shadow</span></button></div>';
});
