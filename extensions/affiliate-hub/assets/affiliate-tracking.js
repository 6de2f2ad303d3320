/*
 * Affiliate Hub storefront tracking. No dependencies.
 * Reads a referral key from the landing URL (?ref=KEY, ?via=KEY, /r/KEY), keeps it in a first-party cookie,
 * reports the click to the app proxy and copies the referral into the cart attributes the order carries.
 * Nothing is stored or sent without marketing consent from Shopify's Customer Privacy API.
 */
(function () {
  "use strict";
  if (window.__affiliateHubTracking) return;
  window.__affiliateHubTracking = true;

  var script = document.currentScript || document.querySelector("script[data-affiliate-hub]");
  var data = (script && script.dataset) || {};
  // The programs' settings, which the app writes to its metafield; the embed's own settings when there is none.
  var config = null;
  try { config = data.config ? JSON.parse(data.config) : null; } catch (e) { /* malformed: use the embed's settings */ }
  if (!config || typeof config !== "object") {
    config = { params: (data.params || "ref").split(","), path_prefixes: [data.pathPrefix || ""], cookie_days: parseInt(data.cookieDays, 10), attribution: data.attribution };
  }
  var params = (config.params || []).map(function (p) { return String(p).trim(); }).filter(Boolean);
  var pathPrefixes = (config.path_prefixes || []).map(function (p) { return String(p || "").replace(/\/+$/, ""); }).filter(Boolean);
  var cookieDays = Number(config.cookie_days);
  // Browsers cap cookie lifetime at 400 days; a program with a lifetime cookie gets that.
  var lifetimeSeconds = (cookieDays > 0 ? Math.min(cookieDays, 400) : 400) * 86400;
  var firstClick = config.attribution === "first_click";
  var proxy = (data.proxy || "/apps/partners").replace(/\/+$/, "");
  var COOKIE = "_affiliate_ref";
  var SYNCED = "_affiliate_cart";
  var KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$/;

  function keyFromUrl() {
    var query = new URLSearchParams(location.search);
    for (var i = 0; i < params.length; i++) {
      var value = (query.get(params[i]) || "").trim();
      if (KEY.test(value)) return value;
    }
    for (var j = 0; j < pathPrefixes.length; j++) {
      if (location.pathname.indexOf(pathPrefixes[j] + "/") !== 0) continue;
      var segment = location.pathname.slice(pathPrefixes[j].length + 1).split("/")[0];
      try { segment = decodeURIComponent(segment); } catch (e) { continue; }
      if (KEY.test(segment)) return segment;
    }
    return null;
  }

  function readCookie() {
    var match = document.cookie.match(new RegExp("(?:^|; )" + COOKIE + "=([^;]*)"));
    if (!match) return null;
    try {
      var value = JSON.parse(decodeURIComponent(match[1]));
      return value && KEY.test(value.k) ? value : null;
    } catch (e) {
      return null;
    }
  }

  function cookieAttributes(maxAge) {
    return "; Max-Age=" + maxAge + "; Path=/; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
  }

  // The lifetime counts from the click, so adding the click id later never extends it.
  function writeCookie(value) {
    var age = Math.floor(lifetimeSeconds - (Date.now() - Date.parse(value.t)) / 1000);
    if (age <= 0) return;
    document.cookie = COOKIE + "=" + encodeURIComponent(JSON.stringify(value)) + cookieAttributes(age);
  }

  function forget() {
    document.cookie = COOKIE + "=" + cookieAttributes(0);
    try { sessionStorage.removeItem(SYNCED); } catch (e) { /* storage blocked */ }
  }

  function randomId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function cartToken() {
    var match = document.cookie.match(/(?:^|; )cart=([^;]*)/);
    return match ? match[1] : "";
  }

  // Writes the cart attributes once per referral, click and cart.
  function syncCart(value) {
    var marker = [value.k, value.c || "", cartToken()].join("|");
    try { if (sessionStorage.getItem(SYNCED) === marker) return; } catch (e) { /* storage blocked */ }
    fetch("/cart/update.js", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ attributes: { _affiliate_ref: value.k, _affiliate_click: value.c || "", _affiliate_ts: value.t } }),
    }).then(function (response) {
      if (!response.ok) return;
      try { sessionStorage.setItem(SYNCED, [value.k, value.c || "", cartToken()].join("|")); } catch (e) { /* storage blocked */ }
    }, function () { /* offline: the next page tries again */ });
  }

  function reportClick(key, visitorId) {
    return fetch(proxy + "/track", {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ referral_key: key, url: location.href, visitor_id: visitorId }),
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () {
      return null;
    });
  }

  var started = false;
  function track() {
    if (started) return;
    started = true;
    var key = keyFromUrl();
    var current = readCookie();
    if (!key || (firstClick && current)) {
      if (key) reportClick(key, current.v);
      if (current) syncCart(current);
      return;
    }
    var value = { k: key, t: new Date().toISOString(), v: (current && current.v) || randomId() };
    writeCookie(value);
    reportClick(key, value.v).then(function (click) {
      var latest = readCookie();
      if (click && click.click_id && latest && latest.k === value.k && latest.t === value.t) {
        latest.c = click.click_id;
        writeCookie(latest);
        value = latest;
      }
      syncCart(value);
    });
  }

  function marketingAllowed() {
    var privacy = window.Shopify && window.Shopify.customerPrivacy;
    return !!(privacy && typeof privacy.marketingAllowed === "function" && privacy.marketingAllowed());
  }

  document.addEventListener("visitorConsentCollected", function (event) {
    if (event.detail && event.detail.marketingAllowed) track();
    else forget();
  });

  var shopify = window.Shopify;
  if (shopify && shopify.customerPrivacy) {
    if (marketingAllowed()) track();
  } else if (shopify && typeof shopify.loadFeatures === "function") {
    shopify.loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], function (error) {
      if (!error && marketingAllowed()) track();
    });
  }
})();
