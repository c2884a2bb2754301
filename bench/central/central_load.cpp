// Load program for guichet-central: N simulated kiosks, each with its own kept-alive mutual
// TLS connection, send submissions back to back against a private server; reports
// throughput and latency percentiles per run, then the median and spread over the runs, and
// checks that every acknowledged submission is in the database.
//
//   central_load [--kiosks 4] [--seconds 5] [--runs 5] [--server PATH]
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>

#include "central/pki.h"
#include "central/sqlite_store.h"

extern char** environ;

namespace {

using kiosk::central::UniqueCert;
using kiosk::central::UniqueKey;
using nlohmann::json;

struct Options {
  int kiosks = 4;
  int seconds = 5;
  int runs = 5;
  std::string server;
};

std::string Run(const std::vector<std::string>& argv) {
  std::string command;
  for (const std::string& arg : argv) command += "'" + arg + "' ";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

struct Kiosk {
  std::string id;
  UniqueCert certificate;
  UniqueKey key;
};

std::unique_ptr<httplib::SSLClient> MakeClient(int port, const std::string& ca,
                                               const Kiosk* kiosk) {
  auto client = kiosk ? std::make_unique<httplib::SSLClient>(
                            "127.0.0.1", port, kiosk->certificate.get(), kiosk->key.get())
                      : std::make_unique<httplib::SSLClient>("127.0.0.1", port);
  client->set_ca_cert_path(ca.c_str());
  client->enable_server_certificate_verification(true);
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);
  client->set_read_timeout(std::chrono::seconds(10));
  return client;
}

std::string Uuid(uint64_t a, uint64_t b) {
  char text[40];
  std::snprintf(
      text, sizeof(text), "%08llx-%04llx-4%03llx-8%03llx-%012llx",
      static_cast<unsigned long long>(a >> 32), static_cast<unsigned long long>((a >> 16) & 0xffff),
      static_cast<unsigned long long>(a & 0xfff), static_cast<unsigned long long>(b >> 48 & 0xfff),
      static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return text;
}

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  size_t index = static_cast<size_t>(p * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<long>(index), values.end());
  return values[index];
}

double Median(std::vector<double> values) { return Percentile(values, 0.5); }

}  // namespace

int main(int argc, char** argv) {
  Options options;
  options.server = (std::filesystem::path(argv[0]).parent_path() / "guichet-central").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--kiosks") options.kiosks = std::stoi(argv[i + 1]);
    if (flag == "--seconds") options.seconds = std::stoi(argv[i + 1]);
    if (flag == "--runs") options.runs = std::stoi(argv[i + 1]);
    if (flag == "--server") options.server = argv[i + 1];
  }
  signal(SIGPIPE, SIG_IGN);

  char pattern[] = "/tmp/central-load-XXXXXX";
  std::string root = mkdtemp(pattern);
  std::string data = root + "/data";
  Run({options.server, "admin", "--data", data, "init"});
  std::filesystem::create_directories(root + "/procedures");
  std::ofstream(root + "/procedures/acte.yaml") << "id: acte-naissance\nversion: 3\n";
  Run({options.server, "admin", "--data", data, "catalog", "publish", root + "/procedures"});

  int port = FreePort();
  std::string listen = "127.0.0.1:" + std::to_string(port);
  std::string log = root + "/server.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> server_args = {options.server, "serve",    "--data",
                                          data,           "--listen", listen};
  std::vector<char*> server_argv;
  for (auto& arg : server_args) server_argv.push_back(arg.data());
  server_argv.push_back(nullptr);
  pid_t server = 0;
  if (posix_spawn(&server, options.server.c_str(), &actions, nullptr, server_argv.data(),
                  environ) != 0) {
    std::cerr << "cannot start " << options.server << "\n";
    return 1;
  }
  std::string ca = data + "/ca.pem";
  bool ready = false;
  for (int i = 0; i < 250 && !ready; ++i) {
    auto result = MakeClient(port, ca, nullptr)->Get("/v1/health");
    ready = result && result->status == 200;
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!ready) {
    std::cerr << "server did not start; see " << log << "\n";
    kill(server, SIGKILL);
    return 1;
  }

  std::vector<Kiosk> kiosks(static_cast<size_t>(options.kiosks));
  for (int k = 0; k < options.kiosks; ++k) {
    Kiosk& kiosk = kiosks[static_cast<size_t>(k)];
    kiosk.id = "bench-" + std::to_string(k);
    json token = json::parse(Run({options.server, "admin", "--data", data, "--json", "token",
                                  "create", "--kiosk-id", kiosk.id}));
    kiosk.key = std::move(*kiosk::central::GenerateEcKey());
    std::string csr = *kiosk::central::MakeCsrPem(kiosk.key.get(), kiosk.id);
    auto result =
        MakeClient(port, ca, nullptr)
            ->Post("/v1/enrolments", json({{"token", token["token"]}, {"csr", csr}}).dump(),
                   "application/json");
    if (!result || result->status != 201) {
      std::cerr << "enrolment failed\n";
      kill(server, SIGKILL);
      return 1;
    }
    kiosk.certificate = std::move(*kiosk::central::ParseCertificatePem(
        json::parse(result->body)["certificate"].get<std::string>()));
  }

  std::printf("central_load: %d kiosks, %d s per run, %d runs, server %s\n", options.kiosks,
              options.seconds, options.runs, options.server.c_str());
  std::vector<double> throughputs, p50s, p99s;
  std::atomic<uint64_t> acknowledged{0};
  uint64_t sequence = 0;
  for (int run = 0; run < options.runs; ++run) {
    std::atomic<bool> stop{false};
    std::vector<std::vector<double>> latencies(kiosks.size());
    std::vector<std::thread> threads;
    std::atomic<uint64_t> errors{0};
    auto start = std::chrono::steady_clock::now();
    for (size_t k = 0; k < kiosks.size(); ++k) {
      uint64_t base = (sequence++ << 40) | (static_cast<uint64_t>(run) << 32);
      threads.emplace_back([&, k, base] {
        auto client = MakeClient(port, ca, &kiosks[k]);
        client->Get("/v1/health");  // the TLS handshake is not part of the measurement
        uint64_t n = 0;
        while (!stop) {
          std::string id = Uuid(base + n, (k << 32) + n);
          ++n;
          json body = {{"answers", {{"nom", "SPECIMEN"}, {"prenoms", "ANNA MARIA"}}},
                       {"assisted_by", nullptr},
                       {"created_at", "2026-12-03T18:22:31Z"},
                       {"format", 1},
                       {"id", id},
                       {"identity_source", "typed"},
                       {"kiosk_id", kiosks[k].id},
                       {"language", "fr"},
                       {"procedure", {{"id", "acte-naissance"}, {"version", 3}}},
                       {"time_zone", "Europe/Paris"}};
          auto sent = std::chrono::steady_clock::now();
          auto result = client->Post("/v1/submissions", {{"Idempotency-Key", id}}, body.dump(),
                                     "application/json");
          double ms =
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent)
                  .count();
          if (result && result->status == 201) {
            latencies[k].push_back(ms);
            ++acknowledged;
          } else {
            ++errors;
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(options.seconds));
    stop = true;
    for (auto& thread : threads) thread.join();
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<double> all;
    for (auto& list : latencies) all.insert(all.end(), list.begin(), list.end());
    double throughput = static_cast<double>(all.size()) / elapsed;
    double p50 = Percentile(all, 0.50);
    double p99 = Percentile(all, 0.99);
    throughputs.push_back(throughput);
    p50s.push_back(p50);
    p99s.push_back(p99);
    std::printf("run %d: %zu stored, %.0f submissions/s, p50 %.2f ms, p99 %.2f ms, %llu errors\n",
                run + 1, all.size(), throughput, p50, p99,
                static_cast<unsigned long long>(errors.load()));
  }
  auto [tmin, tmax] = std::minmax_element(throughputs.begin(), throughputs.end());
  auto [p99min, p99max] = std::minmax_element(p99s.begin(), p99s.end());
  std::printf(
      "median: %.0f submissions/s (spread %.0f-%.0f), p50 %.2f ms, p99 %.2f ms "
      "(spread %.2f-%.2f)\n",
      Median(throughputs), *tmin, *tmax, Median(p50s), Median(p99s), *p99min, *p99max);

  kill(server, SIGTERM);
  int status = 0;
  waitpid(server, &status, 0);
  size_t stored = 0;
  auto store = kiosk::central::SqliteStore::Open(data + "/central.db");
  if (store.ok()) {
    (*store)
        ->ForEachSubmission({},
                            [&](const kiosk::central::SubmissionRecord&) {
                              ++stored;
                              return true;
                            })
        .ok();
  }
  std::printf("durability: %llu acknowledged, %zu in the database after stop\n",
              static_cast<unsigned long long>(acknowledged.load()), stored);
  std::filesystem::remove_all(root);
  return stored >= acknowledged.load() ? 0 : 1;
}
