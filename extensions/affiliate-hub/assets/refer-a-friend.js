/* Affiliate Hub refer-a-friend widget: fetches the logged-in customer's referral link from the app proxy. */
(function () {
  "use strict";
  var roots = document.querySelectorAll("[data-affiliate-hub-refer]");
  function describe(reward) {
    if (!reward) return "";
    if (reward.type === "percentage_discount") return reward.percent + "% off";
    if (reward.type === "store_credit") return reward.display + " in store credit";
    if (reward.type === "fixed_discount") return reward.display + " off";
    return "a reward";
  }
  Array.prototype.forEach.call(roots, function (root) {
    var text = root.querySelector("[data-refer-text]");
    var box = root.querySelector("[data-refer-link]");
    if (!text || !box) return;
    fetch((root.getAttribute("data-proxy") || "/apps/partners") + "/refer", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.logged_in || !data.link) throw new Error("no link");
        var friend = describe(data.friend_reward);
        var mine = describe(data.referrer_reward);
        text.textContent = "Share your link" + (friend ? ": your friends get " + friend : "") + (mine ? ", and you get " + mine + " when they place their first order." : ".");
        var input = box.querySelector("input");
        input.value = data.link;
        box.style.display = "flex";
        box.querySelector("button").addEventListener("click", function () {
          input.select();
          if (navigator.clipboard) navigator.clipboard.writeText(data.link);
          else document.execCommand("copy");
        });
      })
      .catch(function () { text.textContent = "Your referral link is not available right now."; });
  });
})();
