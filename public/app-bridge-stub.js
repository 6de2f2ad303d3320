/* global window */
// Demo mode only: stands in for App Bridge (cdn.shopify.com) so the admin works offline, outside Shopify admin.
(function () {
  if (window.shopify) return;
  var noop = function () {};
  window.shopify = {
    config: { apiKey: "local-affiliate-hub", shop: "affiliate-hub-demo.myshopify.com", locale: "en" },
    environment: { embedded: false, mobile: false, pos: false },
    idToken: function () { return Promise.resolve(""); },
    loading: noop,
    toast: { show: function (message) { console.info("[demo toast]", message); }, hide: noop },
    modal: { show: noop, hide: noop, toggle: noop },
    saveBar: { show: noop, hide: noop, toggle: noop, leaveConfirmation: function () { return Promise.resolve(); } },
    resourcePicker: function () { return Promise.resolve(undefined); },
  };
})();
