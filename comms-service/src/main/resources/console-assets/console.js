// Shows every <time datetime> in the viewer's own time zone; the UTC stays in its title (hover).
(function () {
  'use strict';
  var format = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    timeZoneName: 'short'
  });
  function localise(root) {
    var times = (root || document).querySelectorAll('time[datetime]');
    for (var i = 0; i < times.length; i++) {
      var at = new Date(times[i].getAttribute('datetime'));
      if (!isNaN(at.getTime())) {
        times[i].textContent = format.format(at);
        times[i].setAttribute('data-local', 'true');
      }
    }
  }
  document.addEventListener('DOMContentLoaded', function () { localise(document); });
  // htmx swaps in server-rendered fragments every few seconds: localise what it brought
  document.addEventListener('htmx:afterSettle', function (e) { localise(e.target); });
})();
