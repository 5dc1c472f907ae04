/* Mend two things the component libraries draw that screen readers and keyboards trip over:
 *
 * - Dash's dropdowns take the keyboard focus with a hidden input marked aria-hidden: a focusable element
 *   that assistive technology is told does not exist. It is named after its dropdown instead and stays
 *   the dropdown's keyboard entry.
 * - Bootstrap tabs point aria-controls at panes that are only drawn when their tab is open: the
 *   attribute is kept only while its pane exists.
 */
(function () {
  "use strict";
  /* This script's texts in the reader's language (window.tocmapSays: tocmap/ui/language.py). */
  var _ = window.tocmapSays || function (text) { return text; };

  function nameDropdowns(root) {
    root.querySelectorAll(".dash-dropdown-focus-target[aria-hidden]").forEach(function (input) {
      var button = input.parentNode && input.parentNode.querySelector("button.dash-dropdown");
      var label = button && button.id ? document.querySelector("label[for='" + button.id + "']") : null;
      var value = button ? button.querySelector(".dash-dropdown-value") : null;
      input.removeAttribute("aria-hidden");
      input.setAttribute("aria-label", (label && label.textContent) || (value && value.textContent) || _("Choose"));
    });
  }

  function mendTabs(root) {
    root.querySelectorAll("[role=tab][aria-controls]").forEach(function (tab) {
      if (!document.getElementById(tab.getAttribute("aria-controls"))) { tab.removeAttribute("aria-controls"); }
    });
  }

  var pending = false;
  function mend() {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function () { pending = false; nameDropdowns(document); mendTabs(document); });
  }

  new MutationObserver(mend).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["aria-hidden", "aria-controls"],
  });
  mend();
})();
