// Material 9.8.2's inline content script (partials/javascripts/content.html), moved to a file
// for the Content-Security-Policy: a link to a content tab's anchor opens that tab.
{
  const target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
}
