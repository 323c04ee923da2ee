// The floor of "load → loaded": a script-tag bundle that does nothing but call the `loaded`
// callback of each init the stub queued. bench/tracklet.html loads it, when bench/run.mjs asks for the floor, the way the real bundle loads.
(function () {
  var stub = window.mixpanel;
  var inits = (stub && stub._i) || [];
  for (var i = 0; i < inits.length; i++) {
    var config = inits[i][1];
    if (config && typeof config.loaded == 'function') config.loaded(stub);
  }
})();
