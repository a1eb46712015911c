#include "web/pages_releases.h"

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <string>

#include "feed/feed_document.h"
#include "feed/safe_url.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/params.h"
#include "web/release_view.h"
#include "web/url.h"

namespace hoard::web {
namespace {

const char* ColumnTitle(const std::string& column) {
  if (column == "artist") return "Artist";
  if (column == "title") return "Title";
  if (column == "type") return "Type";
  if (column == "date") return "Date";
  if (column == "discovered") return "Discovered";
  return "Description";
}

std::string Link(ReleaseFilter f) {
  const std::string query = QueryString(ReleaseFilterParams(f));
  return query.empty() ? "/" : "/?" + query;
}

template <std::size_t N>
Html Input(std::string_view label, const char (&name)[N], const std::string& value, std::string_view hint) {
  return Element("label")
      .Text(label)
      .Add(Element("input").Attr("type", "text").Attr("name", name).Attr("value", value).Attr("placeholder", hint));
}

Html FilterForm(const ReleaseFilter& f) {
  Element form("form");
  form.Attr("method", "get").Attr("action", "/").Attr("class", "filters");
  form.Add(Element("label").Text("Search ").Add(Element("input")
                                                    .Attr("type", "search")
                                                    .Attr("id", "q")
                                                    .Attr("name", "q")
                                                    .Attr("value", f.q)
                                                    .Attr("placeholder", "artist, title, description")));
  form.Add(Input("Artist ", "artist", f.artist, "exact name"));
  form.Add(Input("Type ", "type", f.type, "Album, EP, Live"));
  form.Add(Input("Year ", "year", YearRangeText(f), "2020..2024"));
  if (f.sort != ReleaseFilter().sort || f.descending != ReleaseFilter().descending) {
    form.Add(Element("input").Attr("type", "hidden").Attr("name", "sort").Attr("value",
                                                                               (f.descending ? "-" : "") + f.sort));
  }
  form.Add(Element("button").Attr("type", "submit").Text("Filter"));
  form.Add(Element("a").Attr("href", "/").Text("Clear"));
  return form;
}

Html HeaderRow(const ReleaseFilter& f) {
  Element row("tr");
  row.Add(Element("th").Text(""));
  for (const std::string& column : ReleaseSortColumns()) {
    ReleaseFilter next = f;
    next.sort = column;
    next.page = 1;
    // A second click on the sorted column reverses it; dates read newest first.
    next.descending = column == f.sort ? !f.descending : (column == "discovered" || column == "date");
    std::string label = ColumnTitle(column);
    if (column == f.sort) label += f.descending ? " \u25BC" : " \u25B2";
    row.Add(Element("th").Add(Element("a").Attr("href", Link(next)).Text(label)));
  }
  row.Add(Element("th").Text(""));
  return row;
}

Html MarkForm(const WebState& state, const feed::StoredRelease& r, const std::string& back, const char* reason,
              const char* label) {
  return Element("form")
      .Attr("method", "post")
      .Attr("action", "/releases/mark")
      .Attr("class", "mark")
      .Add(Element("input").Attr("type", "hidden").Attr("name", "csrf").Attr("value", state.csrf_token()))
      .Add(Element("input").Attr("type", "hidden").Attr("name", "mbid").Attr("value", r.mbid))
      .Add(Element("input").Attr("type", "hidden").Attr("name", "reason").Attr("value", reason))
      .Add(Element("input").Attr("type", "hidden").Attr("name", "back").Attr("value", back))
      .Add(Element("button").Attr("type", "submit").Text(label));
}

Html MuteForm(const WebState& state, const feed::StoredRelease& r, const std::string& back) {
  return Element("form")
      .Attr("method", "post")
      .Attr("action", "/artists/mute")
      .Attr("class", "mark")
      .Add(Element("input").Attr("type", "hidden").Attr("name", "csrf").Attr("value", state.csrf_token()))
      .Add(Element("input").Attr("type", "hidden").Attr("name", "artist").Attr("value", r.artist))
      .Add(Element("input").Attr("type", "hidden").Attr("name", "back").Attr("value", back))
      .Add(Element("button").Attr("type", "submit").Attr("title", "Never announce " + r.artist + " again").Text("Mute artist"));
}

// The cover, lazily loaded, when the policy lets the page show it.
Html CoverCell(const WebState& state, const feed::StoredRelease& r) {
  Element cell("td");
  cell.Attr("class", "cover");
  const std::string cover = feed::CoverUrl(r, state.config().cover_art);
  if (!cover.empty() && state.covers().Allows(cover)) {
    cell.Add(Element("img")
                 .Attr("src", cover)
                 .Attr("loading", "lazy")
                 .Attr("width", "64")
                 .Attr("height", "64")
                 .Attr("referrerpolicy", "no-referrer")
                 .Attr("alt", ""));
  }
  return cell;
}

std::string DateText(const feed::StoredRelease& r) {
  if (r.upcoming && r.out_at == 0) return "out on " + r.date;
  return r.date.empty() ? (r.undated() ? "undated" : std::to_string(r.year)) : r.date;
}

Html ReleaseRow(const WebState& state, const ReleaseFilter& f, const feed::StoredRelease& r,
                const std::string& back) {
  ReleaseFilter by_artist = f, by_type = f;
  by_artist.artist = r.artist;
  by_artist.page = 1;
  by_type.type = r.primary_type;
  by_type.page = 1;
  Element type_cell("td");
  if (!r.primary_type.empty()) type_cell.Add(Element("a").Attr("href", Link(by_type)).Text(r.primary_type));
  for (const auto& s : r.secondary_types) type_cell.Text(" + " + s);
  // Last.fm's summary as text, then its page when the URL is one a link may
  // carry (Last.fm's answer is data from the network).
  Element description("td");
  description.Attr("class", "description").Text(StripMarkup(r.summary));
  if (feed::IsWebLink(r.lastfm_url)) {
    if (!r.summary.empty()) description.Text(" ");
    description.Add(Element("a").Attr("href", r.lastfm_url).Attr("rel", "external noreferrer").Text("Last.fm"));
  }
  return Element("tr")
      .Attr("data-mbid", r.mbid)
      .Add(CoverCell(state, r))
      .Add(Element("td").Add(Element("a").Attr("href", Link(by_artist)).Text(r.artist)))
      .Add(Element("td").Add(Element("a").Attr("href", feed::ReleaseGroupUrl(r.mbid)).Text(r.title)))
      .Add(type_cell)
      .Add(Element("td").Text(DateText(r)))
      .Add(Element("td").Text(feed::Rfc3339(r.discovered).substr(0, 10)))
      .Add(description)
      .Add(Element("td")
               .Attr("class", "actions")
               .Add(MarkForm(state, r, back, "got-it", "Got it"))
               .Add(MarkForm(state, r, back, "not-interested", "Not interested"))
               .Add(MuteForm(state, r, back)));
}

// What is coming, soonest first: the releases dated after today.
Html UpcomingList(const std::vector<feed::StoredRelease>& all, const std::string& today) {
  std::vector<const feed::StoredRelease*> upcoming;
  for (const auto& r : all) {
    if (!r.date.empty() && r.date > today) upcoming.push_back(&r);
  }
  if (upcoming.empty()) return {};
  std::stable_sort(upcoming.begin(), upcoming.end(),
                   [](const auto* a, const auto* b) { return a->date < b->date; });
  Element list("ul");
  list.Attr("id", "upcoming");
  for (const auto* r : upcoming) {
    list.Add(Element("li")
                 .Add(Element("time").Attr("datetime", r->date).Text(r->date))
                 .Text(" " + r->artist + " \u2013 ")
                 .Add(Element("a").Attr("href", feed::ReleaseGroupUrl(r->mbid)).Text(r->title)));
  }
  Html html;
  html += Element("h2").Text("Upcoming");
  html += list;
  return html;
}

// The page to go back to after a form, rebuilt from a validated filter so
// the redirect can only ever point at our own page.
Reply RedirectBack(const Params& form) {
  Params back_params;
  const std::string back = ParamValue(form, "back");
  for (std::size_t start = 0; start < back.size();) {
    std::size_t end = back.find('&', start);
    if (end == std::string::npos) end = back.size();
    const std::string pair = back.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    if (eq != std::string::npos) back_params.emplace(pair.substr(0, eq), PercentDecode(pair.substr(eq + 1)));
    start = end + 1;
  }
  auto filter = ParseReleaseFilter(back_params);
  Reply reply;
  reply.status = 303;
  reply.content_type = "text/plain; charset=utf-8";
  reply.headers.emplace_back("Location", filter.ok() ? Link(*filter) : "/");
  return reply;
}

Html Pager(const ReleaseFilter& f, const ReleaseSelection& s) {
  Element nav("nav");
  nav.Attr("class", "pager");
  if (f.page > 1) {
    ReleaseFilter prev = f;
    prev.page = f.page - 1;
    nav.Add(Element("a").Attr("href", Link(prev)).Attr("rel", "prev").Text("\u2190 Previous"));
  }
  nav.Add(Element("span").Text(" page " + std::to_string(f.page) + " of " + std::to_string(s.pages) + " "));
  if (f.page < s.pages) {
    ReleaseFilter next = f;
    next.page = f.page + 1;
    nav.Add(Element("a").Attr("href", Link(next)).Attr("rel", "next").Text("Next \u2192"));
  }
  return nav;
}

}  // namespace

Reply ReleasesPage(WebState& state, const Params& params) {
  auto filter = ParseReleaseFilter(params);
  if (!filter.ok()) {
    return ErrorPageReply(400, filter.status().message());
  }
  auto releases = state.LoadReleases();
  if (!releases.ok()) {
    return ErrorPageReply(500, releases.status().message());
  }
  Html upcoming = UpcomingList(releases->all, feed::IsoDay(std::time(nullptr)));
  const ReleaseSelection selection = SelectReleases(std::move(releases->all), *filter, true);
  const std::string back = QueryString(ReleaseFilterParams(*filter));

  Html body;
  body += Element("h1").Text("New releases");
  body += upcoming;
  body += FilterForm(*filter);
  body += Element("p").Attr("class", "count").Attr("id", "count").Text(
      std::to_string(selection.total) + (selection.total == 1 ? " release" : " releases"));
  Element tbody("tbody");
  for (const auto& r : selection.rows) tbody.Add(ReleaseRow(state, *filter, r, back));
  body += Element("table").Attr("id", "releases").Add(Element("thead").Add(HeaderRow(*filter))).Add(tbody);
  body += Pager(*filter, selection);
  return HtmlPageReply(200, "hoard: new releases", body);
}

Reply MarkRelease(WebState& state, const Params& form) {
  if (!CsrfTokenMatches(state.csrf_token(), ParamValue(form, "csrf"))) {
    return ErrorPageReply(403, "missing or wrong form token; reload the page and try again");
  }
  const std::string mbid = ParamValue(form, "mbid");
  if (mbid.empty()) return ErrorPageReply(400, "mbid: missing");
  auto reason = feed::ParseDismissReason(ParamValue(form, "reason"));
  if (!reason.ok()) {
    return ErrorPageReply(400, reason.status().message());
  }
  if (Status s = state.Dismiss(mbid, *reason); !s.ok()) {
    return ErrorPageReply(s.code() == ENOENT ? 404 : 500, s.message());
  }
  return RedirectBack(form);
}

Reply MuteArtist(WebState& state, const Params& form) {
  if (!CsrfTokenMatches(state.csrf_token(), ParamValue(form, "csrf"))) {
    return ErrorPageReply(403, "missing or wrong form token; reload the page and try again");
  }
  const std::string artist = ParamValue(form, "artist");
  if (artist.empty()) return ErrorPageReply(400, "artist: missing");
  if (Status s = state.Mute(artist); !s.ok()) return ErrorPageReply(s.code() == EINVAL ? 400 : 500, s.message());
  return RedirectBack(form);
}

}  // namespace hoard::web
