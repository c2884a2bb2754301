// UI benchmark: issue 5's performance targets, headless at 1080×1920 (SDL offscreen driver,
// software renderer), simulated devices.
//
//  1. start_to_first_frame: a `kiosk --headless --run-seconds 0.001` process, from fork() to
//     its "first frame N ms after start" log line (target: median ≤ 250 ms).
//  2. idle_cpu: a `kiosk --headless --run-seconds 14` process on the welcome screen; its CPU
//     time (/proc/PID/stat, every thread) over 10 s, sampled 2 s after the first frame so that
//     start-up is not counted (target: ≤ 1 % of a core).
//  3. memory: in-process KioskApp driven by the harness's ScriptRunner through complete citizen
//     sessions (card, CAN, birth certificate request, confirm, receipt); VmRSS every 10
//     sessions (targets: ≤ 80 MB after session 100, no growth from session 10 to 100).
//  4. typing: in-process, on the long-text step of the street report; one typed character per
//     frame, each KioskApp::RenderFrame timed (target: p99 ≤ 16 ms).
//
// Measurements 3 and 4 run in a fresh child process of this program (--child), so that one
// measurement's allocations and SDL state do not weigh on the next.
// Usage: ui_bench [--runs N] [--sessions N] [--frames N] [--only NAME] [--harness-fakes]
//                 [--kiosk PATH]
// (see bench/ui/README.md).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "base/config.h"
#include "base/local_reference.h"
#include "base/log.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/app/script_runner.h"
#include "kiosk/app/ui_script.h"
#include "kiosk/session/catalog_procedures.h"
#include "kiosk/session/fakes.h"

extern char** environ;

namespace {

using namespace kiosk;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr double kStartTargetMs = 250;
constexpr double kIdleTargetPercent = 1.0;
constexpr double kMemoryTargetMb = 80;
// "No growth" between session 10 and the last, within what the allocator and page granularity
// make of unchanged use: half a megabyte.
constexpr double kGrowthToleranceMb = 0.5;
constexpr double kFrameTargetMs = 16;

constexpr double kIdleSettleS = 2;
// Where the pointer rests while the benchmark renders: off screen, so nothing looks hovered.
constexpr ui::PointerOverride kAway{-100000.0f, -100000.0f, false};
constexpr double kIdleWindowS = 10;

// tests/ui/kiosk.test.toml with the shipped procedures, a data folder of the benchmark's own
// and logging at info (the first-frame line is at info).
std::string WriteConfig(const std::filesystem::path& dir) {
  std::string text = fmt::format(
      R"([identity]
id = "bench-kiosk-01"
commune = "Saint-Étienne-du-Rouvray"
site = "Hôtel de ville — hall d’accueil"
languages = ["fr", "en", "es", "de"]

[display]
orientation = "portrait"
density_dpi = 96

[session]
idle_timeout_s = 90
idle_warning_s = 20
card_removed_grace_s = 5

[staff]
pin_hash = "$argon2id$v=19$m=19456,t=2,p=1$zpDuI4muiihitb4tEXOB7g$HcU1hQ1eNl4VsX1pxTb8o5QlfRFcm3/effY51Q0MOmA"

[procedures]
default_dir = "{}/procedures"

[storage]
data_dir = "{}"

[logging]
level = "info"
)",
      KIOSK_SOURCE_DIR, (dir / "data").string());
  std::filesystem::create_directories(dir / "data");
  std::filesystem::path path = dir / "kiosk.toml";
  std::ofstream(path) << text;
  return path.string();
}

// ---------------------------------------------------------------------------------------------
// Figures

struct Summary {
  double median = 0;
  double min = 0;
  double max = 0;
};

Summary Summarize(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return {median, values.front(), values.back()};
}

// The value below which `fraction` of the sorted values lie (nearest rank).
double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

const char* Verdict(bool pass) { return pass ? "PASS" : "FAIL"; }

// ---------------------------------------------------------------------------------------------
// Child processes

struct Child {
  pid_t pid = -1;
  int out_fd = -1;  // the child's stderr (kiosk) or stdout (measurement child)
};

// Starts `argv` with its stderr (the kiosk's log; its stdout goes to /dev/null) or its stdout
// (a measuring child; its stderr stays ours) on a pipe.
std::optional<Child> Spawn(const std::vector<std::string>& argv, bool read_stderr) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    if (read_stderr) {
      dup2(fds[1], STDERR_FILENO);
      int null_fd = open("/dev/null", O_WRONLY);
      dup2(null_fd, STDOUT_FILENO);
    } else {
      dup2(fds[1], STDOUT_FILENO);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  return Child{pid, fds[0]};
}

// Reads lines from `fd` until one contains `needle` (returned) or `timeout` passes.
std::optional<std::string> ReadUntil(int fd, const std::string& needle, std::string& buffer,
                                     milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    for (size_t end; (end = buffer.find('\n')) != std::string::npos;) {
      std::string line = buffer.substr(0, end);
      buffer.erase(0, end + 1);
      if (line.find(needle) != std::string::npos) return line;
    }
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[4096];
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) return std::nullopt;
    buffer.append(chunk, static_cast<size_t>(n));
  }
}

std::string ReadAll(int fd) {
  std::string all;
  char chunk[4096];
  for (ssize_t n; (n = read(fd, chunk, sizeof chunk)) > 0;) all.append(chunk, n);
  return all;
}

// Reads the child's output to its end (so that its last log lines do not meet a closed pipe),
// waits for it and returns its exit status (-1 when it did not exit normally).
int Reap(Child& child) {
  if (child.out_fd >= 0) {
    ReadAll(child.out_fd);
    close(child.out_fd);
  }
  child.out_fd = -1;
  int status = 0;
  if (waitpid(child.pid, &status, 0) != child.pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void Stop(Child& child) {
  kill(child.pid, SIGKILL);
  Reap(child);
}

// User + system CPU time of every thread of `pid`, in seconds (/proc/PID/stat).
std::optional<double> CpuSeconds(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(paren + 2));
  std::vector<std::string> f;
  for (std::string word; fields >> word;) f.push_back(word);
  // Fields from the state (field 3): utime and stime are fields 14 and 15.
  if (f.size() < 13) return std::nullopt;
  double ticks = std::stod(f[11]) + std::stod(f[12]);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Context switches of the main (drawing) thread: how often it woke up.
long MainThreadSwitches(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  long total = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("voluntary_ctxt_switches:", 0) == 0) total += std::stol(line.substr(24));
    if (line.rfind("nonvoluntary_ctxt_switches:", 0) == 0) total += std::stol(line.substr(27));
  }
  return total;
}

std::vector<std::string> KioskArgv(const std::string& kiosk, const std::string& config,
                                   const std::string& run_seconds) {
  return {kiosk,       "--config",  config,          "--headless",
          "--devices", "simulated", "--run-seconds", run_seconds};
}

// ---------------------------------------------------------------------------------------------
// 1. Start to first frame

bool MeasureStart(const std::string& kiosk, const std::string& config, int runs) {
  std::vector<double> wall_ms, logged_ms;
  for (int i = 0; i < runs + 1; ++i) {  // the first run warms the page cache and is not counted
    auto begin = Clock::now();
    auto child = Spawn(KioskArgv(kiosk, config, "0.001"), /*read_stderr=*/true);
    if (!child) {
      std::fprintf(stderr, "start: cannot start %s\n", kiosk.c_str());
      return false;
    }
    std::string buffer;
    auto line = ReadUntil(child->out_fd, "first frame", buffer, std::chrono::seconds(30));
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
    if (!line) {
      std::fprintf(stderr, "start: no first frame logged\n%s\n", buffer.c_str());
      Stop(*child);
      return false;
    }
    int exit_code = Reap(*child);
    if (exit_code != 0) {
      std::fprintf(stderr, "start: kiosk exited with %d\n", exit_code);
      return false;
    }
    if (i == 0) continue;
    wall_ms.push_back(ms);
    size_t at = line->find("first frame ");
    logged_ms.push_back(std::stod(line->substr(at + std::strlen("first frame "))));
  }
  Summary wall = Summarize(wall_ms);
  Summary logged = Summarize(logged_ms);
  bool pass = wall.median <= kStartTargetMs;
  std::printf(
      "start_to_first_frame runs=%d median=%.1f ms min=%.1f max=%.1f "
      "(main() to frame, as logged: median=%.0f min=%.0f max=%.0f) target<=%.0f ms %s\n",
      runs, wall.median, wall.min, wall.max, logged.median, logged.min, logged.max, kStartTargetMs,
      Verdict(pass));
  std::fflush(stdout);
  return pass;
}

// ---------------------------------------------------------------------------------------------
// 2. CPU at rest on the welcome screen

bool MeasureIdle(const std::string& kiosk, const std::string& config, int runs) {
  std::vector<double> percents, wakeups;
  std::string run_seconds = fmt::format("{}", kIdleSettleS + kIdleWindowS + 2);
  for (int i = 0; i < runs; ++i) {
    auto child = Spawn(KioskArgv(kiosk, config, run_seconds), /*read_stderr=*/true);
    if (!child) return false;
    std::string buffer;
    if (!ReadUntil(child->out_fd, "first frame", buffer, std::chrono::seconds(30))) {
      std::fprintf(stderr, "idle: no first frame logged\n%s\n", buffer.c_str());
      Stop(*child);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(kIdleSettleS));
    auto cpu_before = CpuSeconds(child->pid);
    long switches_before = MainThreadSwitches(child->pid);
    auto begin = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(kIdleWindowS));
    auto cpu_after = CpuSeconds(child->pid);
    long switches_after = MainThreadSwitches(child->pid);
    double window_s = std::chrono::duration<double>(Clock::now() - begin).count();
    int exit_code = Reap(*child);
    if (!cpu_before || !cpu_after || exit_code != 0) {
      std::fprintf(stderr, "idle: could not sample the kiosk (exit %d)\n", exit_code);
      return false;
    }
    percents.push_back(100.0 * (*cpu_after - *cpu_before) / window_s);
    wakeups.push_back(static_cast<double>(switches_after - switches_before) / window_s);
  }
  Summary cpu = Summarize(percents);
  Summary wake = Summarize(wakeups);
  bool pass = cpu.median <= kIdleTargetPercent;
  std::printf(
      "idle_cpu             runs=%d median=%.2f %% min=%.2f max=%.2f of a core over %.0f s "
      "(drawing thread wake-ups/s: median=%.0f min=%.0f max=%.0f) target<=%.0f %% %s\n",
      runs, cpu.median, cpu.min, cpu.max, kIdleWindowS, wake.median, wake.min, wake.max,
      kIdleTargetPercent, Verdict(pass));
  std::fflush(stdout);
  return pass;
}

// ---------------------------------------------------------------------------------------------
// In-process measurements (run in a child: ui_bench --child memory|typing)

// Devices that keep nothing: the harness's fakes (fakes.h) keep every submission and receipt
// for the expect-* commands, which would show as growth that a real kiosk (encrypted queue on
// disk, receipts on paper) does not have.
class DiscardingSink : public session::SubmissionSink {
 public:
  StatusOr<std::string> Submit(const session::ConfirmedSubmission& submission) override {
    return LocalReference(submission.id);
  }
  std::optional<std::string> AwaitDelivery(const std::string&, milliseconds) override {
    return fmt::format("GU-2026-{:06}", ++delivered_);
  }
  std::string LocalReference(const std::string& submission_id) const override {
    auto reference = LocalReferenceFromUuid(submission_id);
    return reference.ok() ? *reference : "";
  }
  int delivered() const { return delivered_; }

 private:
  std::atomic<int> delivered_{0};
};

class DiscardingPrinter : public session::ReceiptPrinter {
 public:
  session::PrintResult Print(const session::Receipt&) override {
    ++printed_;
    return {true, "", ""};
  }
  int printed() const { return printed_; }

 private:
  std::atomic<int> printed_{0};
};

struct BenchDevices {
  explicit BenchDevices(const KioskConfig& config)
      : procedures(config.storage.data_dir, "", config.procedures.default_dir) {}
  session::CatalogProcedures procedures;
  session::FakeCardReader card;
  DiscardingSink sink;
  DiscardingPrinter printer;
  session::FixedDeviceStatus devices;
  session::FixedSelfTest self_test;
};

// A complete citizen session with a card: the flow of tests/ui/scripts/citizen_with_card.txt
// without its screenshots and its checks of counters that grow from session to session.
constexpr const char* kCitizenSession = R"(tap start
expect-screen identify
card insert 123456 MARTIN ELODIE 1990-05-12 ROUEN
expect-screen can
tap key-1
tap key-2
tap key-3
tap key-4
tap key-5
tap key-6
tap next
wait-screen catalog
tap proc-acte-naissance
expect-screen step
tap option-copie_integrale
tap next
tap option-personne_concernee
tap next
expect-text MARTIN
tap next
expect-text ELODIE
tap key-erase
tap key-erase
tap key-erase
tap key-erase
tap key-erase
tap key-erase
tap key-shift
tap key-accents
tap key-é
tap key-accents
tap key-l
tap key-o
tap key-d
tap key-i
tap key-e
expect-text Élodie
tap next
tap next
tap next
tap next
tap next
tap next
tap next
tap next
expect-text "Nombre d'exemplaires"
tap next
tap option-mairie
tap next
tap next
tap option-true
tap next
expect-screen review
tap confirm
wait-screen done
expect-text "Votre récépissé est imprimé"
tap finish
expect-screen welcome
expect-no-text Élodie
card remove
)";

// To the long-text question of the street report, without a card.
constexpr const char* kToLongText = R"(tap start
tap without-card
expect-screen catalog
tap proc-signalement-voirie
expect-screen step
tap option-eclairage
tap next
tap option-true
tap next
expect-text "Adresse ou lieu précis"
type "12 rue de la République"
tap next
expect-text "Depuis quand"
tap next
expect-text "Description du problème"
)";

struct InProcessApp {
  std::unique_ptr<BenchDevices> devices;  // outlives the app
  std::unique_ptr<app::KioskApp> app;
};

std::optional<InProcessApp> CreateApp(const std::string& config_path, bool harness_fakes) {
  auto config = LoadConfig(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", config.status().ToString().c_str());
    return std::nullopt;
  }
  InProcessApp result;
  app::AppOptions options;
  options.headless = true;
  options.fake_clock = true;
  options.recording_speech = true;
  options.simulated = harness_fakes;
  if (!harness_fakes) {
    result.devices = std::make_unique<BenchDevices>(*config);
    if (Status loaded = result.devices->procedures.Load(); !loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.ToString().c_str());
      return std::nullopt;
    }
    BenchDevices& d = *result.devices;
    options.ports = {&d.procedures, &d.card, &d.sink, &d.printer, &d.devices, &d.self_test};
  }
  auto app = app::KioskApp::Create(*config, options);
  if (!app.ok()) {
    std::fprintf(stderr, "%s\n", app.status().ToString().c_str());
    return std::nullopt;
  }
  result.app = std::move(app).value();
  return result;
}

// Runs `script` through the harness's ScriptRunner; `card` commands go to the benchmark's own
// card reader when the app has no simulated one.
Status RunScript(InProcessApp& app, const std::vector<app::ScriptCommand>& script) {
  app::ScriptRunner runner(*app.app, "", "ui_bench");
  for (const auto& command : script) {
    if (command.verb == "card" && app.app->card() == nullptr) {
      if (command.args[0] == "insert") {
        session::CardIdentity identity;
        identity.surname = command.args[2];
        identity.given_names = command.args[3];
        identity.birth_date = command.args[4];
        identity.sex = "F";
        identity.nationality = "FRA";
        identity.document_number = "X4RTBPFW4";
        if (command.args.size() > 5) identity.place_of_birth = command.args[5];
        identity.source = session::IdentitySource::kChipVerified;
        app.devices->card.Insert(std::move(identity), command.args[1]);
        app.app->events().Post({.kind = session::FlowEvent::Kind::kCardInserted});
      } else {
        app.devices->card.Remove();
        app.app->events().Post({.kind = session::FlowEvent::Kind::kCardRemoved});
      }
      app.app->Settle(3, kAway);
      continue;
    }
    KIOSK_RETURN_IF_ERROR(runner.Run({command}));
  }
  return OkStatus();
}

std::vector<app::ScriptCommand> Parse(const char* text, const char* name) {
  auto parsed = app::ParseUiScript(text, name);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.status().ToString().c_str());
    std::exit(2);
  }
  return std::move(parsed).value();
}

long StatusKb(const char* field) {
  std::ifstream status("/proc/self/status");
  size_t length = std::strlen(field);
  for (std::string line; std::getline(status, line);) {
    if (line.compare(0, length, field) == 0) return std::stol(line.substr(length));
  }
  return -1;
}

// Prints "rss_kb SESSION KB" every 10 sessions, then "hwm_kb KB" and "session_ms MS".
int ChildMemory(const std::string& config, int sessions, bool harness_fakes) {
  auto app = CreateApp(config, harness_fakes);
  if (!app) return 1;
  auto script = Parse(kCitizenSession, "citizen session");
  auto begin = Clock::now();
  for (int s = 1; s <= sessions; ++s) {
    if (Status done = RunScript(*app, script); !done.ok()) {
      std::fprintf(stderr, "session %d: %s\n", s, done.ToString().c_str());
      return 1;
    }
    if (app->app->recorded_speech()) app->app->recorded_speech()->Clear();
    if (s % 10 == 0) std::printf("rss_kb %d %ld\n", s, StatusKb("VmRSS:"));
  }
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
  int submitted = app->devices ? app->devices->sink.delivered()
                               : static_cast<int>(app->app->sink()->submissions().size());
  if (submitted != sessions) {
    std::fprintf(stderr, "%d submissions for %d sessions\n", submitted, sessions);
    return 1;
  }
  std::printf("hwm_kb %ld\nsession_ms %.1f\n", StatusKb("VmHWM:"), ms / sessions);
  return 0;
}

// CPU time of the calling thread: a frame's own work, whatever else the machine runs.
std::chrono::microseconds ThreadCpuTime() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec));
}

// Prints "frame_us WALL CPU" for each typed character.
int ChildTyping(const std::string& config, int frames) {
  auto app = CreateApp(config, /*harness_fakes=*/false);
  if (!app) return 1;
  if (Status there = RunScript(*app, Parse(kToLongText, "to long text")); !there.ok()) {
    std::fprintf(stderr, "%s\n", there.ToString().c_str());
    return 1;
  }
  // A citizen describing the problem; the field takes 1000 characters, more than any run.
  const std::string text =
      "Le lampadaire devant l'ecole est eteint depuis une semaine, la rue est sombre le soir "
      "et les enfants traversent sans voir les voitures. ";
  for (int i = 0; i < frames; ++i) {
    ui::Display::InjectText(std::string(1, text[i % text.size()]));
    app->app->display().WaitEvents(0);
    auto cpu_before = ThreadCpuTime();
    auto took = app->app->RenderFrame(kAway);
    auto cpu = ThreadCpuTime() - cpu_before;
    std::printf("frame_us %lld %lld\n", static_cast<long long>(took.count()),
                static_cast<long long>(cpu.count()));
  }
  app->app->Settle(3, kAway);
  std::string typed_end = text.substr(0, std::min<size_t>(frames, 20));
  if (!app->app->host().controls().Shows(typed_end)) {
    std::fprintf(stderr, "the typed text is not on screen:\n%s\n",
                 app->app->host().controls().Dump().c_str());
    return 1;
  }
  return 0;
}

// Runs this program as `--child ARGS...` and returns its stdout, or nullopt when it failed.
std::optional<std::string> RunChild(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {std::filesystem::read_symlink("/proc/self/exe").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto child = Spawn(argv, /*read_stderr=*/false);
  if (!child) return std::nullopt;
  std::string out = ReadAll(child->out_fd);
  if (Reap(*child) != 0) return std::nullopt;
  return out;
}

// Lines "TAG A [B]" of a child's output.
std::vector<std::vector<double>> Lines(const std::string& out, const std::string& tag) {
  std::vector<std::vector<double>> rows;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (first != tag) continue;
    std::vector<double> row;
    for (double v; words >> v;) row.push_back(v);
    rows.push_back(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// 3. Memory over sessions

bool MeasureMemory(const std::string& config, int runs, int sessions, bool harness_fakes) {
  std::vector<double> final_mb, growth_mb, peak_mb, session_ms;
  std::vector<std::vector<double>> series;  // per run: RSS every 10 sessions
  for (int i = 0; i < runs; ++i) {
    std::vector<std::string> args = {"--child", "memory", config, std::to_string(sessions)};
    if (harness_fakes) args.push_back("--harness-fakes");
    auto out = RunChild(args);
    if (!out) {
      std::fprintf(stderr, "memory: the measuring child failed (its stderr is above)\n");
      return false;
    }
    std::vector<double> rss;
    for (const auto& row : Lines(*out, "rss_kb")) rss.push_back(row.at(1) / 1024);
    if (rss.size() < 2) return false;
    series.push_back(rss);
    final_mb.push_back(rss.back());
    growth_mb.push_back(rss.back() - rss.front());
    peak_mb.push_back(Lines(*out, "hwm_kb").at(0).at(0) / 1024);
    session_ms.push_back(Lines(*out, "session_ms").at(0).at(0));
  }
  Summary last = Summarize(final_mb);
  Summary growth = Summarize(growth_mb);
  Summary peak = Summarize(peak_mb);
  Summary per_session = Summarize(session_ms);
  bool pass = last.median <= kMemoryTargetMb && growth.median <= kGrowthToleranceMb;
  std::printf(
      "memory               runs=%d sessions=%d%s rss_after_last median=%.1f MB min=%.1f max=%.1f "
      "growth_10_to_%d median=%+.2f MB min=%+.2f max=%+.2f peak median=%.1f MB "
      "(%.0f ms a session) target<=%.0f MB, growth<=%.1f MB %s\n",
      runs, sessions, harness_fakes ? " (harness fakes)" : "", last.median, last.min, last.max,
      sessions, growth.median, growth.min, growth.max, peak.median, per_session.median,
      kMemoryTargetMb, kGrowthToleranceMb, Verdict(pass));
  for (size_t r = 0; r < series.size(); ++r) {
    std::string row;
    for (double mb : series[r]) row += fmt::format(" {:.1f}", mb);
    std::printf("  run %zu rss MB every 10 sessions:%s\n", r + 1, row.c_str());
  }
  std::fflush(stdout);
  return pass;
}

// ---------------------------------------------------------------------------------------------
// 4. Frame time while typing

bool MeasureTyping(const std::string& config, int runs, int frames) {
  std::vector<double> medians, p99s, maxes, cpu_medians, cpu_p99s;
  for (int i = 0; i < runs; ++i) {
    auto out = RunChild({"--child", "typing", config, std::to_string(frames)});
    if (!out) {
      std::fprintf(stderr, "typing: the measuring child failed (its stderr is above)\n");
      return false;
    }
    std::vector<double> wall_ms, cpu_ms;
    for (const auto& row : Lines(*out, "frame_us")) {
      wall_ms.push_back(row.at(0) / 1000);
      cpu_ms.push_back(row.at(1) / 1000);
    }
    if (wall_ms.empty()) return false;
    medians.push_back(Summarize(wall_ms).median);
    p99s.push_back(Percentile(wall_ms, 0.99));
    maxes.push_back(Summarize(wall_ms).max);
    cpu_medians.push_back(Summarize(cpu_ms).median);
    cpu_p99s.push_back(Percentile(cpu_ms, 0.99));
  }
  Summary median = Summarize(medians);
  Summary p99 = Summarize(p99s);
  Summary max = Summarize(maxes);
  Summary cpu_median = Summarize(cpu_medians);
  Summary cpu_p99 = Summarize(cpu_p99s);
  bool pass = p99.median <= kFrameTargetMs;
  std::printf(
      "typing_frame         runs=%d frames=%d median=%.2f ms (runs %.2f-%.2f) p99 median=%.2f ms "
      "(runs %.2f-%.2f) max median=%.2f ms (runs %.2f-%.2f) target p99<=%.0f ms %s\n"
      "                     drawing thread CPU a frame: median=%.2f ms (runs %.2f-%.2f) "
      "p99 median=%.2f ms (runs %.2f-%.2f)\n",
      runs, frames, median.median, median.min, median.max, p99.median, p99.min, p99.max, max.median,
      max.min, max.max, kFrameTargetMs, Verdict(pass), cpu_median.median, cpu_median.min,
      cpu_median.max, cpu_p99.median, cpu_p99.min, cpu_p99.max);
  std::fflush(stdout);
  return pass;
}

int Usage() {
  std::fprintf(stderr,
               "usage: ui_bench [--runs N] [--sessions N] [--frames N] "
               "[--only start|idle|memory|typing] [--harness-fakes] [--kiosk PATH]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  LogOptions log_options;
  log_options.level = spdlog::level::warn;
  log_options.target = LogOptions::Target::kStderr;
  InitLogging(log_options);

  std::vector<std::string> args(argv + 1, argv + argc);
  bool harness_fakes = std::find(args.begin(), args.end(), "--harness-fakes") != args.end();
  if (args.size() >= 4 && args[0] == "--child") {
    if (args[1] == "memory") return ChildMemory(args[2], std::stoi(args[3]), harness_fakes);
    if (args[1] == "typing") return ChildTyping(args[2], std::stoi(args[3]));
    return Usage();
  }

  int runs = 5;
  int sessions = 100;
  int frames = 300;
  std::string only;
  std::string kiosk =
      (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "kiosk").string();
  for (size_t i = 0; i < args.size(); ++i) {
    bool has_value = i + 1 < args.size();
    if (args[i] == "--harness-fakes") continue;
    if (!has_value) return Usage();
    if (args[i] == "--runs") {
      runs = std::max(1, std::stoi(args[++i]));
    } else if (args[i] == "--sessions") {
      sessions = std::max(20, std::stoi(args[++i]));
    } else if (args[i] == "--frames") {
      frames = std::max(100, std::stoi(args[++i]));
    } else if (args[i] == "--only") {
      only = args[++i];
    } else if (args[i] == "--kiosk") {
      kiosk = args[++i];
    } else {
      return Usage();
    }
  }

  // The kiosk logs to the journal under systemd; the benchmark reads its stderr.
  unsetenv("JOURNAL_STREAM");
  char dir_template[] = "/tmp/ui_bench.XXXXXX";
  if (mkdtemp(dir_template) == nullptr) {
    std::perror("ui_bench: mkdtemp");
    return 2;
  }
  std::filesystem::path dir(dir_template);
  std::string config = WriteConfig(dir);

  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::printf("ui_bench: 1080x1920 headless (offscreen, software renderer), load average %.2f\n",
              load[0]);
  std::fflush(stdout);

  bool all = true;
  if (only.empty() || only == "start") all &= MeasureStart(kiosk, config, runs);
  if (only.empty() || only == "idle") all &= MeasureIdle(kiosk, config, runs);
  if (only.empty() || only == "memory") {
    all &= MeasureMemory(config, runs, sessions, harness_fakes);
  }
  if (only.empty() || only == "typing") all &= MeasureTyping(config, runs, frames);

  getloadavg(load, 3);
  std::printf("ui_bench: load average at the end %.2f\n", load[0]);
  std::filesystem::remove_all(dir);
  return all ? 0 : 1;
}
