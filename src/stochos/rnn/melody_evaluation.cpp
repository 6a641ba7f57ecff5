// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/melody_evaluation.h"

#include <algorithm>
#include <cmath>

#include "stochos/core/error.h"
#include "stochos/core/random.h"
#include "stochos/distributed/shards.h"
#include "stochos/melody/melody_features.h"
#include "stochos/melody/pipeline.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/rnn/melody_generator.h"
#include "stochos/stochastic/markov.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::rnn {
namespace {

bool holds_sequence_examples(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path)) return false;
  try {
    tfio::TFRecordReader reader(path);
    std::string record;
    if (!reader.next(record)) return false;
    // A damaged SequenceExample still names its feature lists: read it as one, so that its
    // located error is reported rather than every record skipped as a NoteSequence.
    if (record.find("\x0a\x06inputs") != std::string::npos ||
        record.find("\x0a\x06labels") != std::string::npos) {
      return true;
    }
    (void)melody::parse_sequence_example(record, path.string());
    return true;
  } catch (const Error&) {
    return false;
  }
}

std::vector<melody::EncodedSequence> corpus_sequences(const CorpusEvaluationOptions& options,
                                                      const melody::MelodyRnnConfig& config,
                                                      std::vector<melody::SkippedInput>& skipped) {
  if (holds_sequence_examples(options.input)) return melody::read_sequence_examples(options.input);
  if (std::error_code ec; !std::filesystem::exists(options.input, ec)) {
    // Shards or a list: SequenceExamples are read file after file; NoteSequences below.
    const auto files = shards::expand_input_files(options.input.string());
    // Some shards may be empty; the first record found says what the set holds.
    if (std::any_of(files.begin(), files.end(), holds_sequence_examples)) {
      std::vector<melody::EncodedSequence> out;
      for (const auto& f : files) {
        for (auto& s : melody::read_sequence_examples(f)) out.push_back(std::move(s));
      }
      return out;
    }
  }
  melody::PipelineOptions pipeline_options;
  pipeline_options.config = config;
  pipeline_options.flatten_tempo = options.flatten_tempo;
  pipeline_options.extraction.ignore_polyphonic_notes = options.ignore_polyphonic_notes;
  melody::MelodyRnnPipeline pipeline(pipeline_options, "eval");
  melody::Statistics stats;
  std::vector<melody::EncodedSequence> out;
  const auto scratch = std::filesystem::temp_directory_path();
  melody::for_each_input_sequence(
      options.input, scratch, options.recursive, options.threads, options.progress, "melodies",
      [&](magenta::NoteSequence& sequence, std::uint64_t) {
        for (auto& encoded : pipeline.transform(sequence, stats, nullptr)) out.push_back(std::move(encoded));
      },
      skipped);
  return out;
}

std::vector<std::vector<std::int64_t>> label_sequences(const std::vector<melody::EncodedSequence>& data) {
  std::vector<std::vector<std::int64_t>> out;
  for (const auto& s : data) out.push_back(s.labels);
  return out;
}

// Markov chains over melody events (event + 2: 0 no event, 1 note off, 2.. pitches).
constexpr int kEventStates = melody::kMaxMelodyEvent - melody::kMinMelodyEvent + 1;

std::vector<SampleStatistics> sample_statistics(const CorpusEvaluationOptions& options,
                                                const LoadedModel& model,
                                                const std::vector<std::vector<int>>& eval_events,
                                                const std::vector<std::vector<int>>& train_events,
                                                int markov_order, int& sampled) {
  const auto primer_steps = static_cast<std::size_t>(options.sample_primer_steps);
  const auto total_steps = static_cast<std::size_t>(options.sample_steps);
  if (options.sample_primer_steps < 1 || total_steps <= primer_steps + 16) {
    throw Error::usage("sample steps (" + std::to_string(total_steps) + ") must exceed the primer (" +
                       std::to_string(primer_steps) + " steps) by more than a bar");
  }
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < eval_events.size(); ++i) {
    if (eval_events[i].size() >= primer_steps + 16) candidates.push_back(i);
  }
  core::Rng pick(core::derive_seed(options.seed, "evaluate/primers"));
  for (std::size_t i = candidates.size(); i > 1; --i) std::swap(candidates[i - 1], candidates[pick.below(i)]);

  stochastic::MarkovLearnOptions learn;
  learn.order = markov_order;
  learn.smoothing = options.markov_smoothing;
  // The events the training melodies use (smoothing over all 130 would give pitches that
  // no melody of the corpus reaches).
  std::vector<bool> used(kEventStates, false);
  std::vector<std::vector<std::int64_t>> states;
  for (const auto& events : train_events) {
    auto& s = states.emplace_back();
    for (int e : events)
      s.push_back(e - melody::kMinMelodyEvent), used[static_cast<std::size_t>(s.back())] = true;
  }
  for (const auto& events : eval_events) {
    for (std::size_t t = 0; t < std::min(events.size(), primer_steps); ++t) {
      used[static_cast<std::size_t>(events[t] - melody::kMinMelodyEvent)] = true;  // primers' contexts
    }
  }
  for (int c = 0; c < kEventStates; ++c) {
    if (used[static_cast<std::size_t>(c)]) learn.alphabet.push_back(c);
  }
  const auto chain = stochastic::MarkovChain::learn(states, learn);

  melody::MelodyFeatureSums corpus, rnn, markov;
  core::Rng model_rng(core::derive_seed(options.seed, "evaluate/model"));
  core::Rng markov_rng(core::derive_seed(options.seed, "evaluate/markov"));
  sampled = 0;
  for (std::size_t i : candidates) {
    if (sampled == options.samples) break;
    const std::vector<int>& events = eval_events[i];
    const std::span<const int> primer(events.data(), primer_steps);
    std::string text = "[";
    for (std::size_t t = 0; t < primer_steps; ++t) text += (t ? ", " : "") + std::to_string(primer[t]);
    MelodyGenerateOptions generate;
    generate.num_steps = static_cast<int>(total_steps);
    generate.primer_melody = text + "]";
    std::optional<MelodyGenerator> generator;
    try {
      generator.emplace(model, generate);
    } catch (const Error&) {
      continue;  // a primer generate refuses (wider than the config's range once in its key)
    }
    ++sampled;
    const GeneratedMelody out = generator->generate(model_rng);
    const std::uint16_t key = melody::diatonic_key_of(primer);
    corpus.add(std::span<const int>(events.data(), std::min(events.size(), total_steps)), primer_steps, key);
    rnn.add(out.melody.events(), std::min(primer_steps, out.melody.events().size()), key);

    std::vector<std::int64_t> history;
    for (int e : primer) history.push_back(e - melody::kMinMelodyEvent);
    while (history.size() < total_steps) {
      const std::size_t from =
          history.size() > static_cast<std::size_t>(markov_order) ? history.size() - markov_order : 0;
      history.push_back(chain.sample_next(
          std::span<const std::int64_t>(history.data() + from, history.size() - from), markov_rng));
    }
    std::vector<int> continued;
    for (std::int64_t s : history) continued.push_back(static_cast<int>(s) + melody::kMinMelodyEvent);
    markov.add(continued, primer_steps, key);
  }
  if (sampled == 0)
    throw Error::usage("no evaluated melody is usable as a primer and longer than it and a bar");
  auto row = [&](std::string source, const melody::MelodyFeatureSums& sums) {
    SampleStatistics out;
    out.source = std::move(source);
    out.pitch_class_distance =
        melody::total_variation(sums.pitch_class_shares(), corpus.pitch_class_shares());
    out.note_length_distance = melody::total_variation(sums.note_step_shares(), corpus.note_step_shares());
    out.in_key = sums.in_key_share();
    out.mean_range = sums.mean_range();
    for (std::size_t d = 0; d < out.repeats.size(); ++d) out.repeats[d] = sums.repeat_share(d);
    out.notes = sums.notes;
    return out;
  };
  return {row("corpus", corpus), row("Melody RNN", rnn),
          row("Markov order " + std::to_string(markov_order), markov)};
}

}  // namespace

MetricSums markov_baseline_sums(const std::vector<melody::EncodedSequence>& train,
                                         const std::vector<melody::EncodedSequence>& test, int order, int num_classes,
                                         int no_event_label, double smoothing,
                                         const melody::EventSequenceEncoderDecoder* encoder) {
  stochastic::MarkovLearnOptions learn;
  learn.order = order;
  learn.smoothing = smoothing;
  for (int c = 0; c < num_classes; ++c) learn.alphabet.push_back(c);
  const auto sequences = label_sequences(train);
  const auto chain = stochastic::MarkovChain::learn(sequences, learn);
  MetricSums sums;
  for (const auto& s : test) {
    const std::vector<int> events = encoder != nullptr ? sequence_events(*encoder, s) : std::vector<int>{};
    for (std::size_t t = 0; t < s.labels.size(); ++t) {
      const std::size_t from = t >= static_cast<std::size_t>(order) ? t - static_cast<std::size_t>(order) : 0;
      const std::span<const std::int64_t> context(s.labels.data() + from, t - from);
      const std::vector<double> p = chain.next_distribution(context);
      const std::int64_t label = s.labels[t];
      const bool right = static_cast<std::int64_t>(std::max_element(p.begin(), p.end()) - p.begin()) == label;
      const double melody_nll =
          encoder != nullptr ? event_nll(*encoder, p, std::span<const int>(events.data(), t + 1), events[t + 1]) : 0.0;
      sums.add_step(-std::log(std::max(p[static_cast<std::size_t>(label)], 1e-300)), right, label, no_event_label,
                    melody_nll);
    }
    ++sums.sequences;
  }
  return sums;
}

CorpusEvaluation evaluate_corpus(const CorpusEvaluationOptions& options) {
  const LoadedModel model = load_melody_rnn(options.model_path, options.config_name, options.hparams);
  const auto encoder = melody::make_encoder_decoder(model.config);
  CorpusEvaluation result;
  result.model_description = model.config.id + " from " + model.source;
  const auto sequences = corpus_sequences(options, model.config, result.skipped);
  if (sequences.empty()) throw Error::usage(options.input.string() + ": no melodies to evaluate");
  result.model = evaluate_sequences(model.weights, sequences, encoder->default_event_label(), 16, encoder.get()).metrics();

  std::vector<melody::EncodedSequence> baseline_train;
  for (const auto& name : options.baseline_train) {
    std::error_code ec;
    const auto files = std::filesystem::exists(name, ec) ? std::vector<std::filesystem::path>{name}
                                                         : shards::expand_input_files(name.string());
    for (const auto& file : files) {
      for (auto& s : melody::read_sequence_examples(file)) baseline_train.push_back(std::move(s));
    }
    result.baseline_source += (result.baseline_source.empty() ? "" : ", ") + name.string();
  }
  const int classes = encoder->num_classes(), no_event = encoder->default_event_label();
  // Without a training set for the chains: two-fold cross-validation, even and odd
  // melodies scoring each other.
  std::vector<melody::EncodedSequence> even, odd;
  if (baseline_train.empty()) {
    for (std::size_t i = 0; i < sequences.size(); ++i) (i % 2 ? odd : even).push_back(sequences[i]);
    if (odd.empty()) odd = even;
    result.baseline_source = "two-fold cross-validation on the evaluated melodies";
  }
  for (int order = 1; order <= 4; ++order) {
    MetricSums sums;
    if (!baseline_train.empty()) {
      sums = markov_baseline_sums(baseline_train, sequences, order, classes, no_event, options.markov_smoothing, encoder.get());
    } else {
      sums = markov_baseline_sums(even, odd, order, classes, no_event, options.markov_smoothing, encoder.get());
      sums.add(markov_baseline_sums(odd, even, order, classes, no_event, options.markov_smoothing, encoder.get()));
    }
    result.markov.emplace_back(order, sums.metrics());
  }
  if (options.samples > 0) {
    int best_order = 1;
    for (const auto& [order, m] : result.markov) {
      if (m.loss < result.markov[static_cast<std::size_t>(best_order - 1)].second.loss) best_order = order;
    }
    std::vector<std::vector<int>> eval_events, train_events;
    for (const auto& s : sequences) eval_events.push_back(sequence_events(*encoder, s));
    // The chain learns from the baselines' training melodies, or else from the evaluated ones.
    for (const auto& s : baseline_train.empty() ? sequences : baseline_train) {
      train_events.push_back(sequence_events(*encoder, s));
    }
    result.samples =
        sample_statistics(options, model, eval_events, train_events, best_order, result.sampled_melodies);
  }
  return result;
}

}  // namespace stochos::rnn
