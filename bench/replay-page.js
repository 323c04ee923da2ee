// The replay bench's workload, the same under both libraries: a list of 200 items of which 20
// change every 20 ms (1,000 DOM mutations a second: text changes, attribute changes, items
// replaced), while a PerformanceObserver counts long tasks. window.__replayBench.run(ms) runs it
// and answers { mutations, ticks, longTasks, longTaskMs } (mutations: what the timer managed).
(function () {
  var ITEMS = 200;
  var PER_TICK = 20;
  var TICK_MS = 20;

  function fill(list) {
    for (var i = 0; i < ITEMS; i++) {
      var li = document.createElement('li');
      li.className = 'item';
      li.textContent = 'item ' + i;
      list.appendChild(li);
    }
  }

  function mutate(list, tick) {
    var items = list.children;
    for (var k = 0; k < PER_TICK; k++) {
      var i = (tick * PER_TICK + k) % ITEMS;
      var li = items[i];
      var kind = k % 3;
      if (kind === 0) li.textContent = 'item ' + i + ' at ' + tick;
      else if (kind === 1) li.setAttribute('data-tick', String(tick));
      else {
        var fresh = document.createElement('li');
        fresh.className = 'item fresh';
        fresh.textContent = 'new ' + i + ' / ' + tick;
        list.replaceChild(fresh, li);
      }
    }
    return PER_TICK;
  }

  window.__replayBench = {
    run: function (ms) {
      var list = document.getElementById('list');
      if (!list.children.length) fill(list);
      var out = { mutations: 0, ticks: 0, longTasks: 0, longTaskMs: 0 };
      var observer = null;
      try {
        observer = new PerformanceObserver(function (entries) {
          entries.getEntries().forEach(function (e) {
            out.longTasks++;
            out.longTaskMs += e.duration;
          });
        });
        observer.observe({ type: 'longtask' });
      } catch (e) {
        out.longTasks = NaN; // this engine has no longtask entries
      }
      return new Promise(function (resolve) {
        var start = performance.now();
        var tick = 0;
        var timer = setInterval(function () {
          var now = performance.now();
          out.mutations += mutate(list, tick++);
          out.ticks = tick;
          if (now - start >= ms) {
            clearInterval(timer);
            // Long task entries arrive after their task: one more task before reading them.
            setTimeout(function () {
              if (observer) {
                observer.takeRecords().forEach(function (e) { out.longTasks++; out.longTaskMs += e.duration; });
                observer.disconnect();
              }
              resolve(out);
            }, 100);
          }
        }, TICK_MS);
      });
    },
  };
})();
