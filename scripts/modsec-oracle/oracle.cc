// Runs requests through libmodsecurity (v3, the C++ API of Debian's libmodsecurity3 package) and
// prints its verdicts, one line per request, so that scripts can compare ours with ModSecurity's.
// It is a development tool: nothing in the product or its tests needs it (see README.md).
//
// argv[1]: a rules file, loaded as ModSecurity loads one (Include works).
// stdin, per request: "R\n", then fields, each written as "<byte length>\n<bytes>": method, URI,
// HTTP version, the header count, each header's name and value, the body. With ORACLE_RESPONSE
// set, then the response: its status (0: none), protocol, header count, headers and body.
// stdout, per request: "<status> <logged rule ids, comma separated, or -> <tx.X or ->" where
// status is the intervention's (0: none) and X is the variable ORACLE_TX names (hex-encoded with
// an x in front when ORACLE_HEX is set, for values that may hold any byte).
// The library's intervention.h uses NULL and free without including their headers.
#include <cstddef>
#include <cstdlib>

#include <modsecurity/intervention.h>
#include <modsecurity/modsecurity.h>
#include <modsecurity/rule_message.h>
#include <modsecurity/rules_set.h>
#include <modsecurity/transaction.h>

#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace {

bool readField(std::string &out) {
  std::string len;
  if (!std::getline(std::cin, len)) return false;
  out.assign(std::stoul(len), '\0');
  if (!out.empty()) std::cin.read(&out[0], static_cast<std::streamsize>(out.size()));
  return static_cast<bool>(std::cin);
}

std::string hex(const std::string &s) {
  static const char digits[] = "0123456789abcdef";
  std::string out = "x";
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// The intervention's status once one is pending (0 until then); frees what it allocated.
int pendingStatus(modsecurity::Transaction *t) {
  modsecurity::ModSecurityIntervention it;
  it.status = 200;
  it.url = nullptr;
  it.log = nullptr;
  it.disruptive = 0;
  int status = 0;
  if (t->intervention(&it) && it.disruptive) status = it.status;
  free(it.url);
  free(it.log);
  return status;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << "usage: oracle rules.conf < requests\n";
    return 2;
  }
  modsecurity::ModSecurity msc;
  // Rule messages are kept on the transaction; the server log itself is not wanted.
  msc.setServerLogCb([](void *, const void *) {}, modsecurity::RuleMessageLogProperty);
  modsecurity::RulesSet rules;
  if (rules.loadFromUri(argv[1]) < 0) {
    std::cerr << "rules: " << rules.getParserError() << "\n";
    return 1;
  }
  const char *txName = std::getenv("ORACLE_TX");
  const bool asHex = std::getenv("ORACLE_HEX") != nullptr;
  const bool withResponse = std::getenv("ORACLE_RESPONSE") != nullptr;
  std::ios::sync_with_stdio(false);
  std::string tag;
  while (std::getline(std::cin, tag)) {
    if (tag != "R") {
      std::cerr << "bad input: expected R, got '" << tag << "'\n";
      return 1;
    }
    std::string method, uri, version, count, body;
    if (!readField(method) || !readField(uri) || !readField(version) || !readField(count)) return 1;
    std::vector<std::pair<std::string, std::string>> headers;
    for (int i = 0, n = std::stoi(count); i < n; i++) {
      std::string k, v;
      if (!readField(k) || !readField(v)) return 1;
      headers.emplace_back(k, v);
    }
    if (!readField(body)) return 1;
    std::string rstatus = "0", rprotocol, rcount = "0", rbody;
    std::vector<std::pair<std::string, std::string>> rheaders;
    if (withResponse) {
      if (!readField(rstatus) || !readField(rprotocol) || !readField(rcount)) return 1;
      for (int i = 0, n = std::stoi(rcount); i < n; i++) {
        std::string k, v;
        if (!readField(k) || !readField(v)) return 1;
        rheaders.emplace_back(k, v);
      }
      if (!readField(rbody)) return 1;
    }

    modsecurity::Transaction t(&msc, &rules, nullptr);
    t.processConnection("198.51.100.7", 51000, "10.0.0.1", 80);
    t.processURI(uri.c_str(), method.c_str(), version.c_str());
    for (auto &h : headers) {
      t.addRequestHeader(reinterpret_cast<const unsigned char *>(h.first.data()), h.first.size(),
                         reinterpret_cast<const unsigned char *>(h.second.data()), h.second.size());
    }
    t.processRequestHeaders();
    int status = pendingStatus(&t);
    if (status == 0) {
      if (!body.empty()) t.appendRequestBody(reinterpret_cast<const unsigned char *>(body.data()), body.size());
      t.processRequestBody();
      status = pendingStatus(&t);
    }
    const int code = std::stoi(rstatus);
    if (status == 0 && code != 0) {
      for (auto &h : rheaders) {
        t.addResponseHeader(reinterpret_cast<const unsigned char *>(h.first.data()), h.first.size(),
                            reinterpret_cast<const unsigned char *>(h.second.data()), h.second.size());
      }
      t.processResponseHeaders(code, rprotocol);
      status = pendingStatus(&t);
      if (status == 0) {
        if (!rbody.empty()) t.appendResponseBody(reinterpret_cast<const unsigned char *>(rbody.data()), rbody.size());
        t.processResponseBody();
        status = pendingStatus(&t);
      }
    }
    t.processLogging();

    std::string ids;
    for (auto &m : t.m_rulesMessages) ids += (ids.empty() ? "" : ",") + std::to_string(m.m_ruleId);
    std::string tx = "-";
    if (txName != nullptr) {
      auto v = t.m_collections.m_tx_collection->resolveFirst(txName);
      if (v) tx = asHex ? hex(*v) : *v;
    }
    std::cout << status << " " << (ids.empty() ? "-" : ids) << " " << tx << "\n" << std::flush;
  }
  return 0;
}
