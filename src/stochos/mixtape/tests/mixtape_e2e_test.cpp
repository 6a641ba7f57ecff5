// SPDX-License-Identifier: GPL-3.0-or-later
// The mixtape end to end through the CLI: a short album (six-second tracks), every file of it
// checked by reading it back with stochos's own readers (libsndfile, the MIDI reader, cairo's
// PNG decoder, the NoteSequence parser), each track's recorded command recreating it byte for
// byte, and a killed run resumed.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "stochos/audio/audio_file.h"
#include "stochos/audio/loudness/loudness.h"
#include "stochos/core/file_io.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/plot/png.h"
#include "stochos/testing/shared.h"

namespace stochos::mixtape {
namespace {

namespace fs = std::filesystem;
using stochos::testing::run_command;
using stochos::testing::shell_quote;
using Json = nlohmann::json;

constexpr double kTrackSeconds = 6;
constexpr int kTracks = 11;

Json read_json(const fs::path& path) {
  const auto bytes = core::read_file(path);
  return Json::parse(bytes.begin(), bytes.end());
}

std::string file_bytes(const fs::path& path) {
  const auto bytes = core::read_file(path);
  return std::string(bytes.begin(), bytes.end());
}

std::string run_mixtape(const std::string& args) {
  const auto r = run_command(shell_quote(stochos::testing::cli_path().string()) + " mixtape --no-progress " + args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  return r.out;
}

class MixtapeAlbum : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new stochos::testing::TempDir();
    output_ = run_mixtape("-o " + shell_quote(album().string()) + " --seed 5 --length 6");
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static fs::path album() { return dir_->path() / "album"; }
  static fs::path scratch() { return dir_->path(); }
  static inline stochos::testing::TempDir* dir_ = nullptr;
  static inline std::string output_;
};

TEST_F(MixtapeAlbum, EveryTrackHasAudioMidiNoteSequencePicturesAndARecord) {
  const Json album_json = read_json(album() / "album.json");
  ASSERT_EQ(album_json.at("tracks").size(), static_cast<std::size_t>(kTracks));
  std::set<std::string> titles;
  for (const auto& t : album_json.at("tracks")) {
    const fs::path folder = album() / t.at("folder").get<std::string>();
    const std::string stem = t.at("folder").get<std::string>();
    SCOPED_TRACE(stem);
    titles.insert(t.at("title").get<std::string>());
    const Json record = read_json(folder / (stem + ".json"));

    // Audio: decodes, lasts what the record says (a track is at least its length; renders
    // add a release tail), is stereo 44.1 kHz, is not silent, and sits at -23 LUFS.
    const audio::AudioBuffer flac = audio::read_audio_file(folder / (stem + ".flac"));
    EXPECT_EQ(flac.sample_rate_hz, 44100);
    EXPECT_EQ(flac.channels, 2);
    EXPECT_NEAR(flac.duration_seconds(), record.at("duration_seconds").get<double>(), 1e-3);
    EXPECT_GE(flac.duration_seconds(), kTrackSeconds - 0.01);
    EXPECT_LE(flac.duration_seconds(), kTrackSeconds + 6);
    double energy = 0;
    for (float s : flac.samples) energy += static_cast<double>(s) * s;
    EXPECT_GT(std::sqrt(energy / static_cast<double>(flac.samples.size())), 0.003) << "silent";
    const audio::Loudness loudness = audio::measure_loudness(flac);
    EXPECT_NEAR(loudness.integrated_lufs, -23.0, 1.0);
    EXPECT_LE(loudness.true_peak_dbtp, -0.5);
    const audio::AudioBuffer ogg = audio::read_audio_file(folder / (stem + ".ogg"));
    EXPECT_NEAR(ogg.duration_seconds(), flac.duration_seconds(), 0.05);

    // MIDI and NoteSequence re-read with the same notes.
    const magenta::NoteSequence ns = notesequence::read_sequence_file(folder / (stem + ".ns"));
    const magenta::NoteSequence midi = notesequence::read_sequence_file(folder / (stem + ".mid"));
    EXPECT_GT(ns.notes_size(), 0);
    EXPECT_EQ(ns.notes_size(), record.at("notes").get<int>());
    EXPECT_EQ(midi.notes_size(), ns.notes_size());

    // Pictures decode (cairo) at the recorded sizes and are not blank.
    for (const auto& f : record.at("files")) {
      const std::string name = f.at("name").get<std::string>();
      EXPECT_EQ(fs::file_size(folder / name), f.at("bytes").get<std::uintmax_t>()) << name;
      if (!name.ends_with(".png")) continue;
      const plot::DecodedPng png = plot::decode_png_file(folder / name);
      EXPECT_EQ(png.width, f.at("width").get<int>()) << name;
      EXPECT_EQ(png.height, f.at("height").get<int>()) << name;
      EXPECT_TRUE(png.has_ink) << name;
    }
    const plot::DecodedPng roll = plot::decode_png_file(folder / (stem + "-piano-roll.png"));
    EXPECT_EQ(roll.width, 1600);
    EXPECT_EQ(roll.height, 600);
    EXPECT_EQ(plot::decode_png_file(folder / (stem + "-spectrogram.png")).width, 1200);
    EXPECT_EQ(plot::decode_png_file(folder / (stem + "-waveform.png")).width, 1600);
    EXPECT_FALSE(record.at("liner_notes").get<std::string>().empty());
    EXPECT_EQ(record.at("seed").get<int>(), 5);
  }
  EXPECT_EQ(titles.size(), static_cast<std::size_t>(kTracks)) << "every track is a different piece";
}

TEST_F(MixtapeAlbum, MixIsCrossfadedNormalisedAndIndexedByTheCueSheet) {
  const Json album_json = read_json(album() / "album.json");
  double sum = 0;
  for (const auto& t : album_json.at("tracks")) sum += t.at("seconds").get<double>();
  const audio::AudioBuffer mix = audio::read_audio_file(album() / "mixtape.flac");
  EXPECT_NEAR(mix.duration_seconds(), sum - (kTracks - 1) * 1.5, 0.01);
  EXPECT_NEAR(audio::measure_loudness(mix).integrated_lufs, -23.0, 0.5);
  EXPECT_NEAR(audio::read_audio_file(album() / "mixtape.ogg").duration_seconds(), mix.duration_seconds(), 0.05);
  const std::string cue = file_bytes(album() / "mixtape.cue");
  const std::regex track_line("TRACK [0-9]{2} AUDIO");
  EXPECT_EQ(std::distance(std::sregex_iterator(cue.begin(), cue.end(), track_line), std::sregex_iterator()), kTracks);
  EXPECT_NE(cue.find("FILE \"mixtape.flac\" FLAC"), std::string::npos);
  const plot::DecodedPng cover = plot::decode_png_file(album() / "cover.png");
  EXPECT_EQ(cover.width, 1200);
  EXPECT_EQ(cover.height, 1200);
  EXPECT_TRUE(cover.has_ink);
}

TEST_F(MixtapeAlbum, PageLinksOnlyFilesThatExist) {
  const std::string html = file_bytes(album() / "index.html");
  const std::regex link("(?:src|href)=\"([^\"]+)\"");
  int links = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator(); ++it) {
    const std::string target = (*it)[1].str();
    if (target.starts_with("data:") || target.starts_with("#")) continue;
    EXPECT_EQ(target.find("://"), std::string::npos) << "external link " << target;
    EXPECT_TRUE(fs::exists(album() / target)) << target;
    ++links;
  }
  EXPECT_GE(links, 1 + 2 + kTracks * 8);
}

TEST_F(MixtapeAlbum, RecordedCommandsRecreateTracksByteForByte) {
  // Track 1 (ST), 6 (attention_rnn), 8 (a granular cloud made from track 1) and 9 (a spectral
  // transformation of track 3), each alone, into another folder.
  for (int number : {1, 6, 8, 9}) {
    const Json album_json = read_json(album() / "album.json");
    const std::string stem = album_json.at("tracks").at(number - 1).at("folder").get<std::string>();
    SCOPED_TRACE(stem);
    const Json record = read_json(album() / stem / (stem + ".json"));
    std::vector<std::string> argv = record.at("argv").get<std::vector<std::string>>();
    ASSERT_GE(argv.size(), 4u);
    ASSERT_EQ(argv[2], "-o");
    const fs::path alone = scratch() / ("alone-" + std::to_string(number));
    argv[3] = alone.string();
    std::string line = shell_quote(stochos::testing::cli_path().string());
    for (std::size_t i = 1; i < argv.size(); ++i) line += " " + shell_quote(argv[i]);
    const auto r = run_command(line + " --no-progress");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    int compared = 0;
    for (const auto& entry : fs::directory_iterator(album() / stem)) {
      const fs::path twin = alone / stem / entry.path().filename();
      std::string expected = file_bytes(entry.path());
      std::string actual = file_bytes(twin);
      if (entry.path().extension() == ".json") {
        // The record names its own folder in the command; everything else is identical.
        const std::string from = album().string(), to = alone.string();
        for (auto at = expected.find(from); at != std::string::npos; at = expected.find(from, at + to.size())) {
          expected.replace(at, from.size(), to);
        }
      }
      EXPECT_TRUE(expected == actual) << entry.path().filename() << " differs";
      ++compared;
    }
    EXPECT_GE(compared, 8);
    EXPECT_FALSE(fs::exists(alone / "index.html")) << "--only makes the track alone";
  }
}

TEST_F(MixtapeAlbum, AnotherSeedGivesAnotherTrack) {
  const fs::path other = scratch() / "seed-6";
  run_mixtape("-o " + shell_quote(other.string()) + " --seed 6 --length 6 --only 3");
  const Json album_json = read_json(album() / "album.json");
  const std::string stem = album_json.at("tracks").at(2).at("folder").get<std::string>();
  EXPECT_NE(file_bytes(album() / stem / (stem + ".mid")), file_bytes(other / stem / (stem + ".mid")));
}

TEST_F(MixtapeAlbum, ResumeRedoesOnlyUnfinishedTracks) {
  // A copy of the album, with track 4 as a killed run leaves it: no record, a missing file.
  const fs::path copy = scratch() / "resumed";
  fs::copy(album(), copy, fs::copy_options::recursive);
  const Json album_json = read_json(album() / "album.json");
  const std::string stem = album_json.at("tracks").at(3).at("folder").get<std::string>();
  fs::remove(copy / stem / (stem + ".json"));
  fs::remove(copy / stem / (stem + ".flac"));
  const std::string out = run_mixtape("-o " + shell_quote(copy.string()) + " --seed 5 --length 6 --resume");
  const Json resumed = read_json(copy / "album.json");
  for (int k = 0; k < kTracks; ++k) {
    EXPECT_EQ(resumed.at("tracks").at(k).at("kept_from_earlier_run").get<bool>(), k != 3) << k;
  }
  EXPECT_NE(out.find(std::to_string(kTracks - 1) + " kept from an earlier run"), std::string::npos) << out;
  for (const auto& entry : fs::recursive_directory_iterator(album())) {
    if (!entry.is_regular_file() || entry.path().extension() == ".json" || entry.path().filename() == "index.html") continue;
    const fs::path twin = copy / fs::relative(entry.path(), album());
    EXPECT_TRUE(file_bytes(entry.path()) == file_bytes(twin)) << twin;
  }
}

TEST(Mixtape, BadFlagsAreUsageErrors) {
  stochos::testing::TempDir dir;
  const std::string cli = shell_quote(stochos::testing::cli_path().string());
  EXPECT_EQ(run_command(cli + " mixtape -o " + shell_quote((dir / "a").string()) + " --format mp3").exit_code, 2);
  EXPECT_EQ(run_command(cli + " mixtape -o " + shell_quote((dir / "a").string()) + " --tracks 0").exit_code, 2);
  const auto missing = run_command(cli + " mixtape -o " + shell_quote((dir / "a").string()) + " --corpus " +
                                   shell_quote((dir / "nowhere").string()));
  EXPECT_EQ(missing.exit_code, 4) << missing.err;
  EXPECT_NE(missing.err.find("nowhere"), std::string::npos) << missing.err;
  const auto list = run_command(cli + " mixtape --list");
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("GENDY"), std::string::npos);
}

}  // namespace
}  // namespace stochos::mixtape
