/**
 * ModSecurity's own Aho-Corasick matcher (acmp, v2's, carried into libmodsecurity v3), as its
 * @pm and @pmFromFile run it. It is not a textbook automaton: when it builds the failure links, a
 * node fails to the child of its parent's failure node that has the same byte, or else straight
 * to the root; it never walks the failure chain further. So after a partial match of one phrase,
 * the matcher can lose track of another phrase it was also inside, and miss it: with the phrases
 * `apache/conf`, `etc/apache/httpd.conf` and `/php.ini`, ModSecurity does not find `apache/conf`
 * in `/etc/apache/conf/httpd.conf` (measured on libmodsecurity 3.0.9 with CRS's
 * lfi-os-files.data). A hit is always a real occurrence, so a textbook scan that finds no phrase
 * answers for this matcher too; this one decides the rest.
 *
 * What it reports is what acmp reports: on reaching the end of a phrase, that phrase as the rule
 * wrote it; on a hit found through a failure link, the text of the node the matcher stands on
 * (the longer, unfinished phrase it is inside). Matching folds ASCII case (tolower() in the C
 * locale); bytes >= 0x80 match as they are (acmp reads a phrase through a signed char, and
 * glibc's tolower maps such a negative value back to the byte: measured, CRS's ssrf.data
 * phrase `http://169。254。169。254` matches on 3.0.9).
 */
export class Acmp {
  /** Per node: byte → child node. */
  private readonly children: Map<number, number>[] = [new Map()];
  private readonly letter: number[] = [0];
  private readonly parent: number[] = [0];
  /** Per node: the phrase text up to it, from the first phrase that created it. */
  private readonly text: string[] = [''];
  private readonly last: boolean[] = [false];
  private readonly fail: number[] = [0];
  /** Per node: the first node along its failure chain that ends a phrase, or -1. */
  private readonly otherMatch: number[] = [-1];

  constructor(phrases: readonly string[]) {
    for (const p of phrases) this.add(p);
    this.link();
  }

  private add(phrase: string): void {
    let node = 0;
    for (let i = 0; i < phrase.length; i++) {
      const letter = storedLetter(phrase.charCodeAt(i));
      let child = this.children[node].get(letter);
      if (child === undefined) {
        child = this.text.length;
        this.children.push(new Map());
        this.letter.push(letter);
        this.parent.push(node);
        this.text.push(phrase.slice(0, i + 1));
        this.last.push(false);
        this.fail.push(0);
        this.otherMatch.push(-1);
        this.children[node].set(letter, child);
      }
      if (i === phrase.length - 1) this.last[child] = true;
      node = child;
    }
  }

  /** Failure links level by level, as acmp_connect_fail_branches builds them. */
  private link(): void {
    let level = [...this.children[0].values()];
    while (level.length > 0) {
      const next: number[] = [];
      for (const node of level) {
        const p = this.parent[node];
        this.fail[node] = p === 0 ? 0 : (this.children[this.fail[p]].get(this.letter[node]) ?? 0);
        for (const c of this.children[node].values()) next.push(c);
      }
      level = next;
    }
    for (let node = 1; node < this.text.length; node++) {
      for (let om = this.fail[node]; om !== 0; om = this.fail[om]) {
        if (this.last[om]) {
          this.otherMatch[node] = om;
          break;
        }
      }
    }
  }

  /** What acmp_process_quick reports for `input`, or null when it finds nothing. */
  search(input: string): string | null {
    let node = 0;
    for (let i = 0; i < input.length; i++) {
      let c = input.charCodeAt(i) & 0xff;
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      let goTo: number | undefined;
      for (;;) {
        goTo = this.children[node].get(c);
        if (goTo !== undefined) {
          if (this.last[goTo]) return this.text[goTo];
          break;
        }
        if (node === 0) break;
        node = this.fail[node];
      }
      if (goTo !== undefined) node = goTo;
      if (this.otherMatch[node] >= 0) return this.text[node];
    }
    return null;
  }
}

/** A phrase byte as acmp stores it: ASCII lower-cased, every other byte as it is. */
function storedLetter(code: number): number {
  const b = code & 0xff;
  return b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
}
