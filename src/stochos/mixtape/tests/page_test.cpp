// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/mixtape/detail/page.h"

#include <gtest/gtest.h>

namespace stochos::mixtape::detail {
namespace {

PageAlbum two_tracks() {
  PageAlbum a;
  a.title = "Stochastic <SoundCloud>";
  a.subtitle = "seed 5";
  a.command = "stochos mixtape -o 'my album' --seed 5";
  a.seed = 5;
  a.mix_main = "mixtape.flac";
  a.mix_ogg = "mixtape.ogg";
  a.mix_seconds = 125;
  a.loudness_lufs = -23;
  PageTrack t;
  t.number = 1;
  t.title = "One & \"Only\"";
  t.stem = "01-one";
  t.format = "flac";
  t.seconds = 61.2;
  a.tracks.push_back(t);
  t.number = 2;
  t.title = "Two";
  t.stem = "02-two";
  t.seconds = 65;
  t.mix_start_seconds = 59.6;
  a.tracks.push_back(t);
  return a;
}

TEST(AlbumPage, EscapesTextAndLinksEveryFileRelatively) {
  const std::string html = album_page_html(two_tracks());
  EXPECT_NE(html.find("Stochastic &lt;SoundCloud&gt;"), std::string::npos);
  EXPECT_NE(html.find("One &amp; &quot;Only&quot;"), std::string::npos);
  EXPECT_NE(html.find("src=\"01-one/01-one.ogg\""), std::string::npos);
  EXPECT_NE(html.find("src=\"02-two/02-two-piano-roll.png\""), std::string::npos);
  EXPECT_NE(html.find("href=\"02-two/02-two.mid\""), std::string::npos);
  EXPECT_NE(html.find("-o &#39;my album&#39;"), std::string::npos);
  // Nothing the page loads leaves the folder.
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(AlbumPage, CueSheetIndexesAreCdFrames) {
  const std::string cue = cue_sheet(two_tracks(), "mixtape.flac");
  EXPECT_NE(cue.find("FILE \"mixtape.flac\" FLAC\n"), std::string::npos);
  EXPECT_NE(cue.find("  TRACK 01 AUDIO\n    TITLE \"One & 'Only'\"\n"), std::string::npos);
  EXPECT_NE(cue.find("    INDEX 01 00:00:00\n"), std::string::npos);
  // 59.6 s = 0 min 59 s and 0.6 * 75 = 45 frames.
  EXPECT_NE(cue.find("  TRACK 02 AUDIO\n    TITLE \"Two\"\n    PERFORMER \"stochos\"\n    INDEX 01 00:59:45\n"), std::string::npos)
      << cue;
}

}  // namespace
}  // namespace stochos::mixtape::detail
