// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/mixtape/album.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "stochos/audio/audio_file.h"
#include "stochos/audio/loudness/loudness.h"
#include "stochos/audio/render/midi_renderer.h"
#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/mixtape/detail/page.h"
#include "stochos/mixtape/detail/tracks.h"
#include "stochos/jobs/piece_audio.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/plot/album_cover.h"
#include "stochos/plot/piano_roll.h"
#include "stochos/plot/png.h"
#include "stochos/plot/waveform.h"
#include "stochos/score/corpus_model.h"

namespace stochos::mixtape {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr int kSampleRate = 44100;
constexpr double kCrossfadeSeconds = 1.5;
constexpr double kPageOggQuality = 0.4;  // ~110 kbit/s: small files for the page
constexpr std::array<const char*, 4> kRnnConfigs{"basic_rnn", "lookback_rnn", "attention_rnn", "mono_rnn"};
constexpr const char* kAlbumTitle = "Stochastic SoundCloud";

// Shipped Melody RNN bundles (data/models/README.md says how they were trained).
std::string shipped_rnn_file(const std::string& config) { return config + "_mozart.mag"; }

struct PlannedTrack {
  int number;                               // 1-based position in the album
  const detail::TrackDefinition* definition;
  std::string slug;                         // definition's slug, or "<slug>-take-N"
  std::string stem;                         // "03-mozart-chain"
};

std::vector<PlannedTrack> plan_tracks(int count) {
  const auto& catalogue = detail::track_catalogue();
  std::vector<PlannedTrack> out;
  for (int i = 0; i < count; ++i) {
    const auto& def = catalogue[static_cast<std::size_t>(i) % catalogue.size()];
    const int take = i / static_cast<int>(catalogue.size()) + 1;
    std::string slug = take == 1 ? def.slug : def.slug + "-take-" + std::to_string(take);
    char number[16];
    std::snprintf(number, sizeof number, "%02d", i + 1);
    out.push_back({i + 1, &def, slug, std::string(number) + "-" + slug});
  }
  return out;
}

// The flags that change what a track sounds like, as the user gave them.
std::vector<std::string> setting_flags(const AlbumOptions& o) {
  std::vector<std::string> argv;
  auto number = [](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return std::string(text);
  };
  if (o.length_seconds > 0) argv.insert(argv.end(), {"--length", number(o.length_seconds)});
  if (o.format != "flac") argv.insert(argv.end(), {"--format", o.format});
  if (!o.soundfont.empty()) argv.insert(argv.end(), {"--soundfont", o.soundfont.string()});
  if (o.corpus) argv.insert(argv.end(), {"--corpus", o.corpus->string()});
  if (o.loudness_lufs != -23.0) argv.insert(argv.end(), {"--loudness", number(o.loudness_lufs)});
  return argv;
}

// The command that recreates one track alone (it is also what --only runs).
std::vector<std::string> track_command(const AlbumOptions& o, int number) {
  std::vector<std::string> argv{"stochos", "mixtape", "-o", o.output_dir.string(), "--seed", std::to_string(o.seed),
                                "--only", std::to_string(number)};
  const std::vector<std::string> settings = setting_flags(o);
  argv.insert(argv.end(), settings.begin(), settings.end());
  return argv;
}

// Loudness after a gain: BS.1770 loudness and true peak move by the gain in dB and the range
// not at all (only blocks right at the -70 LUFS absolute gate could tip), so the normalised
// sound need not be measured again. The e2e test measures the written files independently.
audio::Loudness with_gain(audio::Loudness l, double gain_db) {
  l.integrated_lufs += gain_db;
  l.true_peak_dbtp += gain_db;
  return l;
}

std::string shell_quote(const std::string& word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@%+,") ==
                           std::string::npos) {
    return word;
  }
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string join_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& w : argv) out += (out.empty() ? "" : " ") + shell_quote(w);
  return out;
}

// What must match for a track made earlier to be kept by --resume.
Json track_settings(const AlbumOptions& o) {
  return Json{{"seed", o.seed},
              {"length_seconds", o.length_seconds},
              {"format", o.format},
              {"soundfont", o.soundfont.empty() ? std::string(audio::kDefaultSoundfont) : o.soundfont.string()},
              {"corpus", o.corpus ? o.corpus->string() : std::string()},
              {"loudness_lufs", o.loudness_lufs}};
}

detail::Models resolve_models(const AlbumOptions& o, const std::function<void(const std::string&)>& log) {
  detail::Models m;
  if (!o.corpus) {
    const fs::path dir =
        o.models_dir.empty() ? score::find_shipped_model(score::kShippedMozartModel).parent_path() : o.models_dir;
    m.markov_model = dir / score::kShippedMozartModel;
    for (const char* config : kRnnConfigs) m.melody_rnn[config] = dir / shipped_rnn_file(config);
    m.provenance =
        "shipped models, learned by stochos: basic_rnn, lookback_rnn and mono_rnn from 6,270 melodies of "
        "the Nottingham Music Database and POP909, then fine-tuned on 21 Mozart piano sonata movements "
        "(piano-midi.de); attention_rnn from the Mozart movements";
  } else {
    if (!o.train_melody_rnn) throw Error::usage("--corpus needs a Melody RNN trainer (the stochos CLI provides one)");
    const fs::path work = o.output_dir / "models";
    fs::create_directories(work);
    m.markov_model = work / "markov.txt";
    if (log) log("learning a Markov model from " + o.corpus->string());
    score::CorpusModel::learn_directory(*o.corpus, score::CorpusModelOptions{}).save(m.markov_model);
    for (const char* config : kRnnConfigs) {
      if (log) log(std::string("training ") + config + " on " + o.corpus->string());
      m.melody_rnn[config] = o.train_melody_rnn(config, *o.corpus, work);
    }
    m.provenance = "models learned by stochos from " + o.corpus->string();
  }
  // Each track loads what it needs when it runs, so a missing model stops only the tracks
  // that use it, with an error naming the file.
  return m;
}

audio::AudioBuffer to_stereo(audio::AudioBuffer a) {
  if (a.channels == 2) return a;
  audio::AudioBuffer out;
  out.sample_rate_hz = a.sample_rate_hz;
  out.channels = 2;
  out.samples.resize(a.frames() * 2);
  for (std::size_t f = 0; f < a.frames(); ++f) {
    float v = 0;
    for (int c = 0; c < a.channels; ++c) v += a.samples[f * static_cast<std::size_t>(a.channels) + static_cast<std::size_t>(c)];
    v /= static_cast<float>(a.channels);
    out.samples[2 * f] = out.samples[2 * f + 1] = v;
  }
  return out;
}

bool record_is_complete(const fs::path& record, const Json& settings, const std::string& slug) {
  try {
    const std::vector<std::uint8_t> bytes = core::read_file(record, 1 << 24);
    const Json j = Json::parse(bytes.begin(), bytes.end());
    if (j.at("settings") != settings || j.at("slug") != slug) return false;
    for (const auto& f : j.at("files")) {
      const fs::path p = record.parent_path() / f.at("name").get<std::string>();
      if (!fs::exists(p) || fs::file_size(p) != f.at("bytes").get<std::uintmax_t>()) return false;
    }
    return true;
  } catch (const std::exception&) {
    return false;  // unreadable or from another version: make the track again
  }
}

std::string format_seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
}

}  // namespace

std::vector<std::string> describe_tracks() {
  std::vector<std::string> out;
  int n = 0;
  for (const auto& t : detail::track_catalogue()) {
    char line[256];
    std::snprintf(line, sizeof line, "%2d  %s: %s", ++n, t.title.c_str(), t.technique.c_str());
    out.emplace_back(line);
  }
  return out;
}

namespace {

/// What every track of one run shares.
struct AlbumRun {
  const AlbumOptions& o;
  const core::Rng& root;
  const detail::Models& models;
  audio::MidiRenderer& renderer;
  const Json& settings;
  std::size_t planned = 0;  ///< tracks in the plan (for the progress label)
  std::function<detail::TrackAudio(const std::string&)>& source;
  /// Tracks made in this run, for the tracks made from them.
  std::map<std::string, detail::TrackAudio>& made;
};

// Makes one track and writes it normalised, with its MIDI, NoteSequence, pictures and record.
void write_track(const AlbumRun& run, const PlannedTrack& t, const fs::path& folder, const fs::path& record_path,
                 const std::vector<std::string>& command, TrackSummary& ts, detail::PageTrack& pt) {
  const AlbumOptions& o = run.o;
  const auto& log = o.log;
  std::error_code ec;
  const auto track_started = std::chrono::steady_clock::now();
  fs::create_directories(folder, ec);
  if (ec) throw Error::io(folder.string(), "cannot create the track folder: " + ec.message());
  char label[64];
  std::snprintf(label, sizeof label, "[%02d/%02d] %s", t.number, static_cast<int>(run.planned), t.slug.c_str());
  core::ProgressBar bar(label, 7, o.progress);
  const std::string stream = "track/" + t.slug;
  detail::TrackContext ctx(run.root.stream(stream), o.length_seconds, run.models, run.renderer, run.source);
  bar.set_status("composing and rendering");
  detail::TrackAudio made_track;
  try {
    made_track = t.definition->make(ctx);
  } catch (const Error& e) {
    throw Error(e.kind(), "track " + t.stem + ": " + e.message(), e.path(), e.where());
  }
  if (t.slug == t.definition->slug) run.made.emplace(t.slug, made_track);
  bar.advance();

  audio::AudioBuffer sound = to_stereo(made_track.audio);
  const audio::Loudness before = audio::measure_loudness(sound);
  const double gain = audio::normalization_gain_db(before, o.loudness_lufs);
  audio::apply_gain_db(sound, gain);
  const audio::Loudness after = with_gain(before, gain);
  audio::AudioWriteOptions tags;
  tags.title = t.definition->title;
  tags.artist = "stochos";
  tags.album = std::string(kAlbumTitle) + " (seed " + std::to_string(o.seed) + ")";
  tags.track_number = std::to_string(t.number);
  tags.comment = t.definition->technique;
  const std::string stem = t.stem;
  bar.set_status("writing audio");
  audio::write_audio_file(folder / (stem + "." + o.format), sound, tags);
  bar.advance();
  if (o.format != "ogg") {
    audio::AudioWriteOptions page = tags;
    page.vorbis_quality = kPageOggQuality;
    audio::write_audio_file(folder / (stem + ".ogg"), sound, page);
  }
  bar.advance();
  bar.set_status("writing MIDI and NoteSequence");
  magenta::NoteSequence& ns = made_track.sequence;
  if (ns.id().empty()) ns.set_id("stochos-mixtape/" + std::to_string(o.seed) + "/" + t.slug);
  notesequence::note_sequence_to_midi_file(ns, folder / (stem + ".mid"));
  core::write_file_atomically(folder / (stem + ".ns"), notesequence::serialize_note_sequence(ns));
  bar.advance();
  bar.set_status("drawing");
  plot::PianoRollOptions roll;
  roll.width_px = 1600;
  roll.height_px = 600;
  roll.title = t.definition->title + (made_track.notes_caption.empty() ? "" : " (" + made_track.notes_caption + ")");
  plot::write_piano_roll_png(ns, folder / (stem + "-piano-roll.png"), roll);
  bar.advance();
  plot::WaveformPlotOptions wave;
  wave.width_px = 1600;
  wave.title = t.definition->title;
  plot::write_waveform_png(sound.samples, sound.channels, sound.sample_rate_hz, folder / (stem + "-waveform.png"), wave);
  jobs::write_spectrogram_png(sound, folder / (stem + "-spectrogram.png"), t.definition->title, 11025);
  bar.advance();

  Json files = Json::array();
  std::vector<std::string> names{stem + "." + o.format};
  if (o.format != "ogg") names.push_back(stem + ".ogg");
  for (const char* ext : {".mid", ".ns", "-piano-roll.png", "-waveform.png", "-spectrogram.png"}) names.push_back(stem + ext);
  for (const std::string& name : names) {
    Json f{{"name", name}, {"bytes", fs::file_size(folder / name)}};
    if (name.ends_with(".png")) {
      const plot::DecodedPng png = plot::decode_png_file(folder / name);
      f["width"] = png.width;
      f["height"] = png.height;
    }
    files.push_back(f);
  }
  ts.seconds = sound.duration_seconds();
  Json record{{"number", t.number},
              {"slug", t.slug},
              {"title", t.definition->title},
              {"technique", t.definition->technique},
              {"liner_notes", t.definition->liner_notes},
              {"seed", o.seed},
              {"stream", stream},
              {"stream_seed", run.root.stream(stream).seed()},
              {"command", join_command(command)},
              {"argv", command},
              {"settings", run.settings},
              {"duration_seconds", ts.seconds},
              {"notes", ns.notes_size()},
              {"notes_caption", made_track.notes_caption},
              {"loudness", {{"measured_lufs", before.integrated_lufs},
                            {"gain_db", gain},
                            {"integrated_lufs", after.integrated_lufs},
                            {"true_peak_dbtp", after.true_peak_dbtp},
                            {"range_lu", after.range_lu}}},
              {"parameters", made_track.parameters},
              {"files", files}};
  pt.notes_caption = made_track.notes_caption;
  // Written last: a record means the track is complete (what --resume checks).
  core::write_file_atomically(record_path, record.dump(2) + "\n");
  bar.advance();
  bar.finish();
  if (log) {
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - track_started).count();
    char line[256];
    std::snprintf(line, sizeof line, "%s: %s of audio, %.1f LUFS, %d notes, made in %.1f s", stem.c_str(),
                  format_seconds(ts.seconds).c_str(), after.integrated_lufs, ns.notes_size(), took);
    log(line);
  }
}

// Appends the stereo `track` to the stereo `mix`, the two overlapping by up to `fade` frames
// (at most half of either) in an equal-power crossfade; returns the track's first frame in
// the mix.
std::size_t append_crossfaded(audio::AudioBuffer& mix, const audio::AudioBuffer& track, std::size_t fade) {
  const std::size_t frames = track.frames();
  const std::size_t overlap = std::min({fade, frames / 2, mix.frames() / 2});
  const std::size_t start = mix.frames() - overlap;
  mix.samples.resize((start + frames) * 2, 0.0f);
  // Equal-power crossfade: the outgoing track's tail falls as cos, the new one rises as sin.
  for (std::size_t f = 0; f < overlap; ++f) {
    const double x = (static_cast<double>(f) + 0.5) / static_cast<double>(overlap);
    const auto out_gain = static_cast<float>(std::cos(x * 1.5707963267948966));
    const auto in_gain = static_cast<float>(std::sin(x * 1.5707963267948966));
    for (std::size_t c = 0; c < 2; ++c) {
      float& s = mix.samples[(start + f) * 2 + c];
      s = s * out_gain + track.samples[f * 2 + c] * in_gain;
    }
  }
  std::copy(track.samples.begin() + static_cast<std::ptrdiff_t>(overlap * 2), track.samples.end(),
            mix.samples.begin() + static_cast<std::ptrdiff_t>((start + overlap) * 2));
  return start;
}

// The album around the tracks: the crossfaded, normalised mix, the cover, the cue sheet, the
// page and album.json.
void write_album(const AlbumOptions& o, const detail::Models& models, const Json& settings,
                 std::vector<detail::PageTrack>& page_tracks, AlbumSummary& summary,
                 std::chrono::steady_clock::time_point started) {
  core::ProgressBar bar("album", 4, o.progress);
  // The mix is built from the files as written, so a resumed album mixes the same samples.
  bar.set_status("mixing");
  audio::AudioBuffer mix;
  mix.sample_rate_hz = kSampleRate;
  mix.channels = 2;
  const auto fade = static_cast<std::size_t>(kCrossfadeSeconds * kSampleRate);
  std::vector<magenta::NoteSequence> sequences;
  for (std::size_t k = 0; k < page_tracks.size(); ++k) {
    detail::PageTrack& pt = page_tracks[k];
    const fs::path base = o.output_dir / pt.stem / pt.stem;
    const audio::AudioBuffer track = to_stereo(audio::read_audio_file(base.string() + "." + o.format));
    sequences.push_back(notesequence::read_sequence_file(base.string() + ".ns"));
    const std::size_t start = append_crossfaded(mix, track, k == 0 ? 0 : fade);
    pt.mix_start_seconds = static_cast<double>(start) / kSampleRate;
  }
  const audio::Loudness measured = audio::measure_loudness(mix);
  const double gain = audio::normalization_gain_db(measured, o.loudness_lufs);
  audio::apply_gain_db(mix, gain);
  const audio::Loudness after = with_gain(measured, gain);
  bar.advance();
  bar.set_status("writing the mix");
  audio::AudioWriteOptions tags;
  tags.title = std::string(kAlbumTitle) + " (seed " + std::to_string(o.seed) + ")";
  tags.artist = "stochos";
  tags.album = tags.title;
  std::string track_list;
  for (const auto& pt : page_tracks) {
    char line[200];
    std::snprintf(line, sizeof line, "%s%02d %s", track_list.empty() ? "" : "; ", pt.number, pt.title.c_str());
    track_list += line;
  }
  tags.comment = track_list;
  const std::string mix_main = "mixtape." + o.format;
  audio::write_audio_file(o.output_dir / mix_main, mix, tags);
  if (o.format != "ogg") {
    audio::AudioWriteOptions page = tags;
    page.vorbis_quality = kPageOggQuality;
    audio::write_audio_file(o.output_dir / "mixtape.ogg", mix, page);
  }
  bar.advance();

  detail::PageAlbum album;
  album.title = kAlbumTitle;
  album.subtitle = "stochos mixtape, seed " + std::to_string(o.seed);
  album.seed = o.seed;
  std::vector<std::string> argv{"stochos", "mixtape", "-o", o.output_dir.string(), "--seed", std::to_string(o.seed)};
  if (o.tracks != 0) argv.insert(argv.end(), {"--tracks", std::to_string(o.tracks)});
  const std::vector<std::string> settings_argv = setting_flags(o);
  argv.insert(argv.end(), settings_argv.begin(), settings_argv.end());
  album.command = join_command(argv);
  album.mix_main = mix_main;
  album.mix_ogg = "mixtape.ogg";
  album.mix_seconds = mix.duration_seconds();
  album.loudness_lufs = after.integrated_lufs;
  album.tracks = page_tracks;
  album.credits_html =
      "<p>Made with stochos, a toolkit for generative music. The Markov chain and the Melody RNN models "
      "were learned from MIDI files of Mozart's piano sonatas sequenced by Bernd Krueger for "
      "piano-midi.de (CC BY-SA 3.0 Germany); basic_rnn, lookback_rnn and mono_rnn learned first from the melodies of Eric Foxley's "
      "Nottingham Music Database (as cleaned by Jukedeck, GPL-3.0) and of POP909 (Wang, Chen et al., "
      "MIT licence); the Melody RNN primers are the opening bars of Mozart's "
      "K. 545, K. 331 and K. 525. Instruments: the FluidR3_GM General MIDI soundfont by Frank Wen (MIT licence), "
      "except GENDY, Quanta and Chaotic Mozart, whose sounds stochos synthesises or transforms itself.</p>";
  if (o.corpus) {
    album.credits_html += "<p>This album's models were learned from " + detail::html_escape(o.corpus->string()) + ".</p>";
  }
  bar.set_status("cover and page");
  plot::AlbumCoverOptions cover;
  cover.title = kAlbumTitle;
  cover.subtitle = "stochos mixtape \xC2\xB7 seed " + std::to_string(o.seed);
  plot::write_album_cover_png(sequences, o.output_dir / "cover.png", cover);
  core::write_file_atomically(o.output_dir / "mixtape.cue", detail::cue_sheet(album, mix_main));
  core::write_file_atomically(o.output_dir / "index.html", detail::album_page_html(album));
  bar.advance();

  Json tracks = Json::array();
  for (std::size_t k = 0; k < page_tracks.size(); ++k) {
    const auto& pt = page_tracks[k];
    tracks.push_back({{"number", pt.number},
                      {"title", pt.title},
                      {"folder", pt.stem},
                      {"seconds", pt.seconds},
                      {"mix_start_seconds", pt.mix_start_seconds},
                      {"kept_from_earlier_run", summary.tracks[k].reused}});
  }
  summary.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  Json album_json{{"title", kAlbumTitle},
                  {"seed", o.seed},
                  {"command", album.command},
                  {"settings", settings},
                  {"models", models.provenance},
                  {"mix", {{"file", mix_main},
                           {"seconds", album.mix_seconds},
                           {"crossfade_seconds", kCrossfadeSeconds},
                           {"integrated_lufs", after.integrated_lufs},
                           {"true_peak_dbtp", after.true_peak_dbtp},
                           {"range_lu", after.range_lu}}},
                  {"tracks", tracks},
                  {"elapsed_seconds", summary.elapsed_seconds}};
  core::write_file_atomically(o.output_dir / "album.json", album_json.dump(2) + "\n");
  bar.advance();
  bar.finish();
}

}  // namespace

AlbumSummary make_album(const AlbumOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  if (o.output_dir.empty()) throw Error::usage("the mixtape needs an output folder (-o DIR)");
  if (o.format != "flac" && o.format != "wav" && o.format != "ogg") {
    throw Error::usage("--format must be flac, wav or ogg, not '" + o.format + "'");
  }
  const int catalogue_size = static_cast<int>(detail::track_catalogue().size());
  const int count = o.tracks == 0 ? catalogue_size : o.tracks;
  if (count < 1 || count > 99) throw Error::usage("--tracks must be 1..99");
  if (o.only_track && (*o.only_track < 1 || *o.only_track > 99)) throw Error::usage("--only must be 1..99");
  if (o.length_seconds < 0 || o.length_seconds > 1800) throw Error::usage("--length must be 0..1800 seconds");
  if (!(o.loudness_lufs >= -70 && o.loudness_lufs <= -5)) throw Error::usage("--loudness must be -70..-5 LUFS");
  if (o.corpus && !fs::is_directory(*o.corpus)) throw Error::io(o.corpus->string(), "not a folder of MIDI files");
  const auto log = o.log;

  std::error_code ec;
  fs::create_directories(o.output_dir, ec);
  if (ec) throw Error::io(o.output_dir.string(), "cannot create the album folder: " + ec.message());

  const detail::Models models = resolve_models(o, log);
  audio::RenderOptions render_options;
  if (!o.soundfont.empty()) render_options.soundfont = o.soundfont;
  render_options.sample_rate_hz = kSampleRate;
  audio::MidiRenderer renderer(render_options);
  const core::Rng root(o.seed);
  const Json settings = track_settings(o);

  const std::vector<PlannedTrack> plan = plan_tracks(o.only_track ? std::max(count, *o.only_track) : count);
  // Tracks made in this run, before normalisation, for the tracks made from them.
  std::map<std::string, detail::TrackAudio> made;
  std::function<detail::TrackAudio(const std::string&)> source = [&](const std::string& slug) -> detail::TrackAudio {
    if (auto it = made.find(slug); it != made.end()) return it->second;
    const detail::TrackDefinition& def = detail::find_track(slug);
    detail::TrackContext ctx(root.stream("track/" + slug), o.length_seconds, models, renderer, source);
    return def.make(ctx);
  };

  const AlbumRun run{o, root, models, renderer, settings, plan.size(), source, made};

  AlbumSummary summary;
  std::vector<detail::PageTrack> page_tracks;
  for (const PlannedTrack& t : plan) {
    if (o.only_track && t.number != *o.only_track) continue;
    const fs::path folder = o.output_dir / t.stem;
    const fs::path record_path = folder / (t.stem + ".json");
    const std::vector<std::string> command = track_command(o, t.number);
    TrackSummary ts{t.number, t.slug, t.definition->title, 0, false, folder};
    detail::PageTrack pt;
    pt.number = t.number;
    pt.title = t.definition->title;
    pt.technique = t.definition->technique;
    pt.liner_notes = t.definition->liner_notes;
    pt.command = join_command(command);
    pt.stem = t.stem;
    pt.format = o.format;

    if (o.resume && record_is_complete(record_path, settings, t.slug)) {
      const std::vector<std::uint8_t> bytes = core::read_file(record_path, 1 << 24);
      const Json j = Json::parse(bytes.begin(), bytes.end());
      ts.seconds = j.at("duration_seconds").get<double>();
      pt.notes_caption = j.at("notes_caption").get<std::string>();
      ts.reused = true;
      if (log) log(t.stem + ": kept from the earlier run");
    } else {
      write_track(run, t, folder, record_path, command, ts, pt);
    }
    pt.seconds = ts.seconds;
    summary.audio_seconds += ts.seconds;
    summary.tracks.push_back(ts);
    page_tracks.push_back(pt);
  }

  if (!o.only_track) write_album(o, models, settings, page_tracks, summary, started);
  for (const auto& entry : fs::recursive_directory_iterator(o.output_dir, ec)) {
    if (entry.is_regular_file(ec)) summary.bytes += entry.file_size(ec);
  }
  summary.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace stochos::mixtape
