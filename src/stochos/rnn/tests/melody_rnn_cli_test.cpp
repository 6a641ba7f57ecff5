// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos melody train|generate|evaluate|bundle` end to end: the hand-over to
// stochos-train, reproducible outputs named as asked, primers that cannot be used, bundles
// that load back, and the real Magenta attention_rnn checkpoint generating.
#include <gtest/gtest.h>

#include "stochos/core/file_io.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/testing/shared.h"

namespace stochos::rnn {
namespace {

using testing::shell_quote;

testing::CommandResult stochos(const std::string& args) {
  return testing::run_command(shell_quote(testing::cli_path().string()) + " " + args);
}

class MelodyRnnCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new testing::TempDir;
    run_ = new testing::TempDir;
    auto r = stochos("melody dataset --config lookback_rnn --input " + shell_quote(testing::corpus("mozart").string()) +
                     " --output_dir " + shell_quote(data_->path().string()) +
                     " --flatten_tempo --ignore_polyphonic_notes --no-progress");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = stochos("melody train --config lookback_rnn --sequence_example_file " +
                shell_quote((data_->path() / "training_melodies.tfrecord").string()) + " --run_dir " +
                shell_quote(run_->path().string()) +
                " --hparams batch_size=4,rnn_layer_sizes=[32] --num_training_steps 6 --save_checkpoint_steps 3 "
                "--seed 3 --no-progress");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete run_;
    delete data_;
  }
  static testing::TempDir* data_;
  static testing::TempDir* run_;
};
testing::TempDir* MelodyRnnCli::data_ = nullptr;
testing::TempDir* MelodyRnnCli::run_ = nullptr;

TEST_F(MelodyRnnCli, SameSeedSameFilesNamedAsAsked) {
  testing::TempDir a, b;
  for (const auto* dir : {&a, &b}) {
    const auto r = stochos("melody generate --run_dir " + shell_quote(run_->path().string()) + " --output_dir " +
                           shell_quote(dir->path().string()) +
                           " --num_outputs 3 --num_steps 64 --seed 9 --name_prefix take --beam_size 2 --plot --musicxml musicxml");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  for (const char* name : {"take_1.mid", "take_2.mid", "take_3.mid"}) {
    EXPECT_EQ(core::read_file(a.path() / name), core::read_file(b.path() / name)) << name;
    EXPECT_TRUE(std::filesystem::exists(a.path() / std::filesystem::path(name).replace_extension(".png")));
    EXPECT_TRUE(std::filesystem::exists(a.path() / std::filesystem::path(name).replace_extension(".musicxml")));
  }
  EXPECT_NE(core::read_file(a.path() / "take_1.mid"), core::read_file(a.path() / "take_2.mid"));
}

TEST_F(MelodyRnnCli, UnusablePrimersAreErrorsThatSayWhy) {
  testing::TempDir out;
  const std::string base = "melody generate --run_dir " + shell_quote(run_->path().string()) + " --output_dir " +
                           shell_quote(out.path().string()) + " --num_outputs 1 ";
  auto r = stochos(base + "--num_steps 8 --primer_melody \"[60, -2, 62, -2, 64, -2, 65, -2, 67]\"");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--num_steps"), std::string::npos) << r.err;
  r = stochos(base + "--primer_melody \"[30, -2, 100]\"");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("range"), std::string::npos) << r.err;
  r = stochos(base + "--primer_melody \"[60, -2,\"");
  EXPECT_EQ(r.exit_code, 2);
  // One instrument with two notes starting together.
  testing::TempDir midi;
  const auto chord = midi.path() / "chord.mid";
  magenta::NoteSequence sequence;
  for (int pitch : {60, 64}) {
    auto* note = sequence.add_notes();
    note->set_pitch(pitch);
    note->set_velocity(90);
    note->set_start_time(0.0);
    note->set_end_time(0.5);
  }
  sequence.set_total_time(0.5);
  notesequence::note_sequence_to_midi_file(sequence, chord);
  r = stochos(base + "--primer_midi " + shell_quote(chord.string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("polyphonic"), std::string::npos) << r.err;
  r = stochos("melody generate --run_dir " + shell_quote(run_->path().string()) + " --output_dir " +
              shell_quote(out.path().string()) + " --num_outputs 1 --primer_midi " +
              shell_quote(testing::fixture("checkpoints/rl_tuner_note_rnn_v1/primer.mid").string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(MelodyRnnCli, ExcludePrimerLeavesOnlyTheContinuation) {
  testing::TempDir out;
  const auto r = stochos("melody generate --run_dir " + shell_quote(run_->path().string()) + " --output_dir " +
                         shell_quote(out.path().string()) +
                         " --num_outputs 1 --num_steps 64 --name_prefix x --exclude_primer --temperature 0.5"
                         " --primer_melody \"[60, -2, 62, -2, 64, -2, 65, -2]\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto sequence = notesequence::midi_file_to_note_sequence(out.path() / "x_1.mid");
  for (const auto& note : sequence.notes()) EXPECT_GE(note.start_time(), 8 * 0.125 - 1e-6);
}

TEST_F(MelodyRnnCli, BundleLoadsBackAndInspectDescribesIt) {
  testing::TempDir out;
  const auto mag = out.path() / "lookback.mag";
  auto r = stochos("melody bundle --run_dir " + shell_quote(run_->path().string()) + " --bundle_file " +
                   shell_quote(mag.string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = stochos("inspect " + shell_quote(mag.string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("lookback_rnn"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("global_step"), std::string::npos) << r.out;
  // The bundle and the run generate the same melodies for a seed.
  for (const std::string source : {"--bundle_file " + shell_quote(mag.string()), "--run_dir " + shell_quote(run_->path().string())}) {
    r = stochos("melody generate " + source + " --output_dir " + shell_quote(out.path().string()) +
                " --num_outputs 1 --num_steps 48 --seed 4 --name_prefix " + (source[2] == 'b' ? "bundle" : "run"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(core::read_file(out.path() / "bundle_1.mid"), core::read_file(out.path() / "run_1.mid"));
  // Magenta refuses a bundle made for another config; so does stochos.
  r = stochos("melody generate --config basic_rnn --bundle_file " + shell_quote(mag.string()) + " --output_dir " +
              shell_quote(out.path().string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("does not match"), std::string::npos) << r.err;
}

TEST_F(MelodyRnnCli, ResumeKeepsConfigAndRefusesOtherHparams) {
  const auto r = stochos("melody train --sequence_example_file " +
                         shell_quote((data_->path() / "training_melodies.tfrecord").string()) + " --run_dir " +
                         shell_quote(run_->path().string()) + " --hparams rnn_layer_sizes=[64] --num_training_steps 7");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("start a new --run_dir"), std::string::npos) << r.err;
}

TEST_F(MelodyRnnCli, ResumeRefusesAnotherBatching) {
  const auto r =
      stochos("melody train --sequence_example_file " +
              shell_quote((data_->path() / "training_melodies.tfrecord").string()) + " --run_dir " +
              shell_quote(run_->path().string()) + " --batching random --num_training_steps 7");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("was started with --batching bucketed"), std::string::npos) << r.err;
}

TEST_F(MelodyRnnCli, BatchLogsGetAProgressLineEverySummary) {
  // stderr is a pipe here, as in a batch log: a line every --summary_frequency steps.
  testing::TempDir run;
  const auto r =
      stochos("melody train --config lookback_rnn --sequence_example_file " +
              shell_quote((data_->path() / "training_melodies.tfrecord").string()) + " --run_dir " +
              shell_quote(run.path().string()) +
              " --hparams batch_size=4,rnn_layer_sizes=[16] --num_training_steps 6 --summary_frequency 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* step : {"step 2/6: loss ", "step 4/6: loss ", "step 6/6: loss "}) {
    EXPECT_NE(r.err.find(std::string("train lookback_rnn ") + step), std::string::npos) << r.err;
  }
  EXPECT_NE(r.err.find(" steps/s, "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" left"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("bucketed batches"), std::string::npos) << r.out;
  // --no-progress keeps batch logs quiet.
  testing::TempDir quiet;
  const auto q =
      stochos("melody train --config lookback_rnn --sequence_example_file " +
              shell_quote((data_->path() / "training_melodies.tfrecord").string()) + " --run_dir " +
              shell_quote(quiet.path().string()) +
              " --hparams batch_size=4,rnn_layer_sizes=[16] --num_training_steps 2 --summary_frequency 1 "
              "--no-progress");
  ASSERT_EQ(q.exit_code, 0) << q.err;
  EXPECT_EQ(q.err.find("loss"), std::string::npos) << q.err;
}

TEST_F(MelodyRnnCli, EvaluateComparesWithMarkovBaselines) {
  const auto r = stochos("melody evaluate --run_dir " + shell_quote(run_->path().string()) + " --input " +
                         shell_quote((data_->path() / "eval_melodies.tfrecord").string()) + " --baseline_train " +
                         shell_quote((data_->path() / "training_melodies.tfrecord").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* row : {"Melody RNN", "Markov order 1", "Markov order 4", "is better"}) {
    EXPECT_NE(r.out.find(row), std::string::npos) << r.out;
  }
}

TEST_F(MelodyRnnCli, EvaluateSamplesCompareContinuationsWithTheCorpus) {
  const std::string args = "melody evaluate --run_dir " + shell_quote(run_->path().string()) + " --input " +
                           shell_quote((data_->path() / "training_melodies.tfrecord").string()) +
                           " --samples 12 --sample_primer_steps 16 --sample_steps 96 --seed 5 --no-progress";
  const auto r = stochos(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sample statistics: 12 evaluated melodies continued from their first 16 steps to 96"),
            std::string::npos)
      << r.out;
  // The corpus row is the reference: distance 0 to itself; the model and Markov rows follow.
  EXPECT_NE(r.out.find("corpus             0.0000   0.0000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nMelody RNN "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nMarkov order "), std::string::npos) << r.out;
  // Same seed, same figures.
  EXPECT_EQ(stochos(args).out, r.out);
  const auto bad = stochos("melody evaluate --run_dir " + shell_quote(run_->path().string()) + " --input " +
                           shell_quote((data_->path() / "training_melodies.tfrecord").string()) +
                           " --samples 3 --sample_primer_steps 64 --sample_steps 70");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("must exceed the primer"), std::string::npos) << bad.err;
}

TEST(MelodyRnnCliFixture, MagentaAttentionCheckpointGenerates) {
  testing::TempDir out;
  const auto r = stochos("melody generate --config attention_rnn --checkpoint " +
                         shell_quote(testing::fixture("checkpoints/melody_rnn_soma11_v2/model.ckpt-1341").string()) +
                         " --output_dir " + shell_quote(out.path().string()) +
                         " --num_outputs 2 --num_steps 128 --beam_size 3 --branch_factor 2 --steps_per_iteration 4 "
                         "--name_prefix soma --primer_midi " +
                         shell_quote(testing::fixture("checkpoints/rl_tuner_note_rnn_v1/primer.mid").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto sequence = notesequence::midi_file_to_note_sequence(out.path() / "soma_1.mid");
  EXPECT_GT(sequence.notes_size(), 15);  // the 15-note primer and its continuation
  EXPECT_EQ(sequence.notes(0).pitch(), 60);
}

}  // namespace
}  // namespace stochos::rnn
