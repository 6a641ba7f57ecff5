// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The MPI layer of stochos, behind one seam (mpi_world.cpp is the only file that includes
/// mpi.h). MPI is initialised lazily, by the commands that can spread over ranks, and only
/// when the environment says mpirun (or srun with PMI) started this process; otherwise the
/// world is one process and nothing of MPI is touched. A build without MPI runs every job as
/// one process and refuses to run under mpirun (each rank would redo the whole job).
/// All calls are serialised by one mutex (MPI_THREAD_SERIALIZED), so a job's worker threads
/// may claim work while its main thread reports progress.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stochos::jobs {

/// True if the environment names an MPI launch with more than one process
/// (OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_SIZE... set by mpirun, srun or hydra).
bool launched_by_mpirun();

class MpiWorld {
 public:
  /// The process's world: MPI initialised on first use when launched_by_mpirun(), a world
  /// of one otherwise. Throws Error (kUnsupported) under mpirun in a build without MPI.
  static MpiWorld& get();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }
  bool distributed() const { return size_ > 1; }

  void barrier();
  /// Every rank's string on rank 0 (in rank order); an empty vector on the others.
  std::vector<std::string> gather(const std::string& mine);
  /// Rank 0's `value` on every rank.
  std::string broadcast(const std::string& value);
  /// Element-wise sum over ranks, in place, on every rank.
  void allreduce_sum(double* values, std::size_t count);
  void allreduce_sum(float* values, std::size_t count);
  /// Ends every rank with `exit_code` (after one rank's error: the others would wait forever).
  [[noreturn]] void abort(int exit_code);

  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

 private:
  MpiWorld();
  int rank_ = 0;
  int size_ = 1;
  bool initialised_ = false;
};

/// Ends the other ranks after an error that ends this one, if MPI is running (called by
/// the CLI's last catch); does nothing otherwise.
void abort_other_ranks_if_running(int exit_code);

/// Dynamic load balancing: two shared counters on rank 0 (items handed out, items done)
/// that every rank updates with one-sided atomics (MPI_Fetch_and_op), so no rank has to
/// serve requests and every rank, rank 0 included, does work. Collective construction and
/// destruction. In a world of one it is a plain counter.
class WorkCounter {
 public:
  explicit WorkCounter(MpiWorld& world);
  ~WorkCounter();
  WorkCounter(const WorkCounter&) = delete;
  WorkCounter& operator=(const WorkCounter&) = delete;

  /// Claims the next `count` items: returns the first index (items [first, first+count)).
  std::uint64_t claim(std::uint64_t count);
  /// Adds `count` finished items; returns the total finished over all ranks so far.
  std::uint64_t add_done(std::uint64_t count);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A flat byte buffer for gathering summaries: little helpers to write and read integers
/// and strings in order.
class Packer {
 public:
  void u64(std::uint64_t v);
  void str(const std::string& s);
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

class Unpacker {
 public:
  explicit Unpacker(const std::string& bytes) : bytes_(bytes) {}
  std::uint64_t u64();
  std::string str();
  bool done() const { return pos_ >= bytes_.size(); }

 private:
  const std::string& bytes_;
  std::size_t pos_ = 0;
};

}  // namespace stochos::jobs
