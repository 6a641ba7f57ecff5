// SPDX-License-Identifier: GPL-3.0-or-later
// The one file that includes mpi.h. Built with STOCHOS_HAVE_MPI when CMake finds an MPI
// (Debian's OpenMPI); without it the world is always one process.
#include "stochos/jobs/mpi_world.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "stochos/core/error.h"

#ifdef STOCHOS_HAVE_MPI
// The C API only: OpenMPI's deprecated C++ bindings would need libmpi_cxx.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace stochos::jobs {
namespace {

std::mutex g_mpi_mutex;
MpiWorld* g_world = nullptr;

int env_int(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::atoi(v) : 0;
}

#ifdef STOCHOS_HAVE_MPI
void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(rc, text, &length);
    throw Error::internal(std::string(what) + " failed: " + std::string(text, static_cast<std::size_t>(length)));
  }
}
#endif

}  // namespace

bool launched_by_mpirun() {
  // OpenMPI's mpirun; PMI/PMIx as set by srun and MPICH's hydra.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"}) {
    if (env_int(name) > 1) return true;
  }
  return false;
}

MpiWorld& MpiWorld::get() {
  static MpiWorld world;
  return world;
}

MpiWorld::MpiWorld() {
  if (!launched_by_mpirun()) return;
#ifdef STOCHOS_HAVE_MPI
  int provided = 0;
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  initialised_ = true;
  if (provided < MPI_THREAD_SERIALIZED) {
    throw Error::unsupported("MPI", "this MPI does not allow calls from several threads (MPI_THREAD_SERIALIZED)");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  g_world = this;
#else
  throw Error::unsupported("mpirun", "this stochos was built without MPI (rebuild with Debian's libopenmpi-dev "
                                     "installed and -DSTOCHOS_MPI=ON), so every rank would redo the whole job");
#endif
}

MpiWorld::~MpiWorld() {
#ifdef STOCHOS_HAVE_MPI
  if (initialised_) {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
  }
#endif
  g_world = nullptr;
}

void abort_other_ranks_if_running(int exit_code) {
  if (g_world && g_world->distributed()) g_world->abort(exit_code);
}

void MpiWorld::barrier() {
#ifdef STOCHOS_HAVE_MPI
  if (!distributed()) return;
  std::lock_guard lock(g_mpi_mutex);
  check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
#endif
}

std::vector<std::string> MpiWorld::gather(const std::string& mine) {
  if (!distributed()) return {mine};
#ifdef STOCHOS_HAVE_MPI
  std::lock_guard lock(g_mpi_mutex);
  long long length = static_cast<long long>(mine.size());
  std::vector<long long> lengths(static_cast<std::size_t>(size_));
  check(MPI_Gather(&length, 1, MPI_LONG_LONG, lengths.data(), 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD), "MPI_Gather");
  // Summaries are small (failures and counters), but send in pieces below 2 GB anyway.
  std::vector<std::string> out;
  if (is_root()) {
    out.resize(static_cast<std::size_t>(size_));
    out[0] = mine;
    for (int r = 1; r < size_; ++r) {
      out[static_cast<std::size_t>(r)].resize(static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)]));
      std::size_t done = 0;
      while (done < out[static_cast<std::size_t>(r)].size()) {
        const int piece = static_cast<int>(std::min<std::size_t>(out[static_cast<std::size_t>(r)].size() - done, 1u << 30));
        check(MPI_Recv(out[static_cast<std::size_t>(r)].data() + done, piece, MPI_CHAR, r, 7, MPI_COMM_WORLD,
                       MPI_STATUS_IGNORE),
              "MPI_Recv");
        done += static_cast<std::size_t>(piece);
      }
    }
  } else {
    std::size_t done = 0;
    while (done < mine.size()) {
      const int piece = static_cast<int>(std::min<std::size_t>(mine.size() - done, 1u << 30));
      check(MPI_Send(mine.data() + done, piece, MPI_CHAR, 0, 7, MPI_COMM_WORLD), "MPI_Send");
      done += static_cast<std::size_t>(piece);
    }
  }
  return out;
#else
  return {mine};
#endif
}

std::string MpiWorld::broadcast(const std::string& value) {
  if (!distributed()) return value;
#ifdef STOCHOS_HAVE_MPI
  std::lock_guard lock(g_mpi_mutex);
  long long length = static_cast<long long>(value.size());
  check(MPI_Bcast(&length, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD), "MPI_Bcast");
  std::string out = is_root() ? value : std::string(static_cast<std::size_t>(length), '\0');
  std::size_t done = 0;
  while (done < out.size()) {
    const int piece = static_cast<int>(std::min<std::size_t>(out.size() - done, 1u << 30));
    check(MPI_Bcast(out.data() + done, piece, MPI_CHAR, 0, MPI_COMM_WORLD), "MPI_Bcast");
    done += static_cast<std::size_t>(piece);
  }
  return out;
#else
  return value;
#endif
}

void MpiWorld::allreduce_sum(double* values, std::size_t count) {
  if (!distributed()) return;
#ifdef STOCHOS_HAVE_MPI
  std::lock_guard lock(g_mpi_mutex);
  check(MPI_Allreduce(MPI_IN_PLACE, values, static_cast<int>(count), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
#else
  (void)values, (void)count;
#endif
}

void MpiWorld::allreduce_sum(float* values, std::size_t count) {
  if (!distributed()) return;
#ifdef STOCHOS_HAVE_MPI
  std::lock_guard lock(g_mpi_mutex);
  check(MPI_Allreduce(MPI_IN_PLACE, values, static_cast<int>(count), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
#else
  (void)values, (void)count;
#endif
}

void MpiWorld::abort(int exit_code) {
#ifdef STOCHOS_HAVE_MPI
  if (initialised_) {
    std::fflush(stdout);
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, exit_code);
  }
#endif
  std::exit(exit_code);
}

struct WorkCounter::Impl {
  MpiWorld& world;
  std::uint64_t local[2] = {0, 0};  // a world of one
#ifdef STOCHOS_HAVE_MPI
  MPI_Win window = MPI_WIN_NULL;
  std::uint64_t* counters = nullptr;
#endif
  explicit Impl(MpiWorld& w) : world(w) {}

  std::uint64_t fetch_add(int which, std::uint64_t count) {
    if (!world.distributed()) {
      const std::uint64_t before = local[which];
      local[which] += count;
      return before;
    }
#ifdef STOCHOS_HAVE_MPI
    std::lock_guard lock(g_mpi_mutex);
    std::uint64_t before = 0;
    check(MPI_Fetch_and_op(&count, &before, MPI_UINT64_T, 0, which, MPI_SUM, window), "MPI_Fetch_and_op");
    check(MPI_Win_flush(0, window), "MPI_Win_flush");
    return before;
#else
    return 0;
#endif
  }
};

WorkCounter::WorkCounter(MpiWorld& world) : impl_(std::make_unique<Impl>(world)) {
#ifdef STOCHOS_HAVE_MPI
  if (!world.distributed()) return;
  std::lock_guard lock(g_mpi_mutex);
  const MPI_Aint bytes = world.is_root() ? 2 * static_cast<MPI_Aint>(sizeof(std::uint64_t)) : 0;
  check(MPI_Win_allocate(bytes, sizeof(std::uint64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &impl_->counters, &impl_->window),
        "MPI_Win_allocate");
  if (world.is_root()) {
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, impl_->window);
    impl_->counters[0] = impl_->counters[1] = 0;
    MPI_Win_unlock(0, impl_->window);
  }
  check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
  check(MPI_Win_lock_all(MPI_MODE_NOCHECK, impl_->window), "MPI_Win_lock_all");
#endif
}

WorkCounter::~WorkCounter() {
#ifdef STOCHOS_HAVE_MPI
  if (impl_->window == MPI_WIN_NULL) return;
  std::lock_guard lock(g_mpi_mutex);
  MPI_Win_unlock_all(impl_->window);
  MPI_Win_free(&impl_->window);  // collective: every rank has finished claiming
#endif
}

std::uint64_t WorkCounter::claim(std::uint64_t count) { return impl_->fetch_add(0, count); }
std::uint64_t WorkCounter::add_done(std::uint64_t count) { return impl_->fetch_add(1, count) + count; }

void Packer::u64(std::uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  bytes_.append(b, 8);
}

void Packer::str(const std::string& s) {
  u64(s.size());
  bytes_ += s;
}

std::uint64_t Unpacker::u64() {
  if (pos_ + 8 > bytes_.size()) throw Error::internal("truncated summary from another rank");
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes_[pos_ + static_cast<std::size_t>(i)]);
  pos_ += 8;
  return v;
}

std::string Unpacker::str() {
  const std::uint64_t n = u64();
  if (pos_ + n > bytes_.size()) throw Error::internal("truncated summary from another rank");
  std::string s = bytes_.substr(pos_, n);
  pos_ += n;
  return s;
}

}  // namespace stochos::jobs
