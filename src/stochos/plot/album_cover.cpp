// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/plot/album_cover.h"

#include <algorithm>
#include <cmath>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/plot/color.h"
#include "stochos/plot/detail/canvas.h"

namespace stochos::plot {
namespace {

constexpr double kPi = 3.14159265358979323846;
// Beyond this many notes a ring turns into a solid smear; every k-th note keeps its texture.
constexpr int kMaxNotesPerRing = 3000;

}  // namespace

std::string render_album_cover_png(const std::vector<magenta::NoteSequence>& tracks,
                                   const AlbumCoverOptions& options) {
  if (tracks.empty()) throw Error::usage("an album cover needs at least one track");
  detail::Canvas canvas(options.size_px, options.size_px);
  const double size = options.size_px;
  canvas.fill_rect(0, 0, size, size, {0.06, 0.07, 0.10, 1.0});

  const double cx = size / 2.0;
  const double cy = size * 0.45;
  const double inner = size * 0.07;
  const double outer = size * 0.40;
  const double ring = (outer - inner) / static_cast<double>(tracks.size());
  canvas.fill_circle(cx, cy, outer + ring * 0.3, {0.10, 0.11, 0.15, 1.0});

  for (std::size_t k = 0; k < tracks.size(); ++k) {
    const magenta::NoteSequence& ns = tracks[k];
    const double r0 = inner + ring * static_cast<double>(k);
    const Rgba color = series_color(k);
    canvas.arc(cx, cy, r0 + ring * 0.5, 0, 2 * kPi, 0.5, color.with_alpha(0.18));
    if (ns.notes_size() == 0) continue;
    double end = 0;
    int lo = 127, hi = 0;
    for (const auto& n : ns.notes()) {
      end = std::max(end, n.end_time());
      lo = std::min(lo, n.pitch());
      hi = std::max(hi, n.pitch());
    }
    if (end <= 0) continue;
    const int stride = std::max(1, ns.notes_size() / kMaxNotesPerRing);
    const double pitch_span = std::max(1, hi - lo);
    const double line = std::clamp(ring * 0.08, 1.0, 6.0);
    for (int i = 0; i < ns.notes_size(); i += stride) {
      const auto& n = ns.notes(i);
      const double a0 = 2 * kPi * n.start_time() / end - kPi / 2;
      // Very short notes still leave a dot: at least one line width of arc.
      const double radius = r0 + ring * (0.12 + 0.76 * (n.pitch() - lo) / pitch_span);
      const double a1 = std::max(a0 + line / radius, 2 * kPi * n.end_time() / end - kPi / 2);
      const double alpha = 0.25 + 0.7 * std::clamp(n.velocity(), 1, 127) / 127.0;
      canvas.arc(cx, cy, radius, a0, a1, line, color.with_alpha(alpha));
    }
  }
  canvas.fill_circle(cx, cy, inner * 0.55, {0.92, 0.90, 0.84, 1.0});
  canvas.fill_circle(cx, cy, inner * 0.08, {0.06, 0.07, 0.10, 1.0});

  const Rgba ink{0.93, 0.92, 0.88, 1.0};
  if (!options.title.empty()) {
    canvas.text(cx, size * 0.925, options.title, size * 0.045, ink, detail::TextAlign::kCenter);
  }
  if (!options.subtitle.empty()) {
    canvas.text(cx, size * 0.965, options.subtitle, size * 0.022, ink.with_alpha(0.7), detail::TextAlign::kCenter);
  }
  return canvas.png();
}

void write_album_cover_png(const std::vector<magenta::NoteSequence>& tracks, const std::filesystem::path& path,
                           const AlbumCoverOptions& options) {
  core::write_file_atomically(path, render_album_cover_png(tracks, options));
}

}  // namespace stochos::plot
