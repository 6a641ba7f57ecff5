// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/melody_evaluation.h"

#include <algorithm>
#include <cmath>

#include "stochos/core/error.h"
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

}  // namespace

MelodyRnnMetrics markov_baseline_metrics(const std::vector<melody::EncodedSequence>& train,
                                         const std::vector<melody::EncodedSequence>& test, int order, int num_classes,
                                         int no_event_label, double smoothing) {
  stochastic::MarkovLearnOptions learn;
  learn.order = order;
  learn.smoothing = smoothing;
  for (int c = 0; c < num_classes; ++c) learn.alphabet.push_back(c);
  const auto sequences = label_sequences(train);
  const auto chain = stochastic::MarkovChain::learn(sequences, learn);
  MetricSums sums;
  for (const auto& s : test) {
    for (std::size_t t = 0; t < s.labels.size(); ++t) {
      const std::size_t from = t >= static_cast<std::size_t>(order) ? t - static_cast<std::size_t>(order) : 0;
      const std::span<const std::int64_t> context(s.labels.data() + from, t - from);
      const std::vector<double> p = chain.next_distribution(context);
      const std::int64_t label = s.labels[t];
      sums.nll -= std::log(std::max(p[static_cast<std::size_t>(label)], 1e-300));
      const bool right = static_cast<std::int64_t>(std::max_element(p.begin(), p.end()) - p.begin()) == label;
      ++sums.steps;
      sums.correct += right;
      if (label == no_event_label) {
        ++sums.no_event_steps;
        sums.no_event_correct += right;
      } else {
        ++sums.event_steps;
        sums.event_correct += right;
      }
    }
    ++sums.sequences;
  }
  return sums.metrics();
}

CorpusEvaluation evaluate_corpus(const CorpusEvaluationOptions& options) {
  const LoadedModel model = load_melody_rnn(options.model_path, options.config_name, options.hparams);
  const auto encoder = melody::make_encoder_decoder(model.config);
  CorpusEvaluation result;
  result.model_description = model.config.id + " from " + model.source;
  const auto sequences = corpus_sequences(options, model.config, result.skipped);
  if (sequences.empty()) throw Error::usage(options.input.string() + ": no melodies to evaluate");
  result.model = evaluate_sequences(model.weights, sequences, encoder->default_event_label()).metrics();

  std::vector<melody::EncodedSequence> baseline_train;
  if (options.baseline_train) {
    baseline_train = melody::read_sequence_examples(*options.baseline_train);
    result.baseline_source = options.baseline_train->string();
  }
  for (int order = 1; order <= 4; ++order) {
    if (!baseline_train.empty()) {
      result.markov.emplace_back(order, markov_baseline_metrics(baseline_train, sequences, order, encoder->num_classes(),
                                                                encoder->default_event_label(), options.markov_smoothing));
      continue;
    }
    // Two-fold cross-validation: even and odd melodies score each other.
    std::vector<melody::EncodedSequence> even, odd;
    for (std::size_t i = 0; i < sequences.size(); ++i) (i % 2 ? odd : even).push_back(sequences[i]);
    if (odd.empty()) odd = even;
    MelodyRnnMetrics a = markov_baseline_metrics(even, odd, order, encoder->num_classes(), encoder->default_event_label(),
                                                 options.markov_smoothing);
    MelodyRnnMetrics b = markov_baseline_metrics(odd, even, order, encoder->num_classes(), encoder->default_event_label(),
                                                 options.markov_smoothing);
    // Combine the folds weighted by their steps.
    const double wa = static_cast<double>(a.steps), wb = static_cast<double>(b.steps), w = wa + wb;
    MelodyRnnMetrics m;
    m.loss = (a.loss * wa + b.loss * wb) / w;
    m.perplexity = std::exp(m.loss);
    m.accuracy = (a.accuracy * wa + b.accuracy * wb) / w;
    m.event_accuracy = (a.event_accuracy * wa + b.event_accuracy * wb) / w;
    m.no_event_accuracy = (a.no_event_accuracy * wa + b.no_event_accuracy * wb) / w;
    m.sequences = a.sequences + b.sequences;
    m.steps = a.steps + b.steps;
    result.markov.emplace_back(order, m);
    result.baseline_source = "two-fold cross-validation on the evaluated melodies";
  }
  return result;
}

}  // namespace stochos::rnn
