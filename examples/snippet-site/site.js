// The buttons of the snippet site. Always call through `window.mixpanel`, never a saved copy:
// until the bundle has loaded it is the snippet's queue, afterwards the live instance.
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };

  function showDistinctId() {
    var mp = window.mixpanel;
    // The stub answers nothing (get_distinct_id() would only be queued), so wait for the bundle.
    $('distinct-id').textContent = mp && mp.__loaded ? mp.get_distinct_id() : '(bundle loading; calls are queued)';
  }

  function note(text) {
    var log = $('log');
    var li = document.createElement('li');
    li.className = 'mono';
    li.textContent = text;
    log.prepend(li);
    while (log.children.length > 6) log.lastElementChild.remove();
  }

  function onClick(id, run) {
    var button = $(id);
    if (!button) return;
    button.addEventListener('click', function () {
      note(run(window.mixpanel));
      showDistinctId();
    });
  }

  onClick('signup', function (mp) {
    mp.track('Signup clicked', { source: 'hero', page: location.pathname, trial_days: 14 });
    return "track('Signup clicked', { source, page, trial_days })";
  });

  onClick('login', function (mp) {
    mp.identify('ada@example.com');
    // Sent now that the visitor is identified, together with any update held before.
    mp.people.set({ $name: 'Ada', $email: 'ada@example.com' });
    return "identify('ada@example.com'); people.set({ $name: 'Ada', $email })";
  });

  onClick('join', function (mp) {
    mp.get_group('company', 'acme').set({ plan: 'pro' });
    // Every later event carries company: ['acme'], and the profile gets the same property.
    mp.set_group('company', 'acme');
    mp.track('Team joined');
    return "get_group('company', 'acme').set({ plan: 'pro' }); set_group('company', 'acme')";
  });

  onClick('reset', function (mp) {
    mp.reset();
    return 'reset(): new anonymous id, super properties cleared';
  });

  document.querySelectorAll('button[data-plan]').forEach(function (button) {
    button.addEventListener('click', function () {
      var plan = button.dataset.plan;
      // Not `plan`: that is the super property (the visitor's current plan) every event carries.
      window.mixpanel.track('Plan selected', { chosen_plan: plan, price: Number(button.dataset.price), currency: 'EUR' });
      note("track('Plan selected', { chosen_plan: '" + plan + "', price, currency })");
    });
  });

  document.addEventListener('tracklet:loaded', showDistinctId);
  showDistinctId();
})();
