// What the index finds a tool by besides its text: its name (ignoring case), for a query that names a tool
// exactly, and the words learned from use, kept by tool id across re-indexing of its server.

export class NameLookup {
  private readonly ids = new Map<string, Set<string>>();
  private readonly learnedWords = new Map<string, readonly string[]>();

  setLearned(toolId: string, words: readonly string[]): void {
    if (words.length) this.learnedWords.set(toolId, [...words]);
    else this.learnedWords.delete(toolId);
  }

  learned(toolId: string): readonly string[] | undefined {
    return this.learnedWords.get(toolId);
  }

  add(name: string, toolId: string): void {
    const key = name.toLowerCase();
    this.ids.set(key, (this.ids.get(key) ?? new Set<string>()).add(toolId));
  }

  delete(name: string, toolId: string): void {
    const key = name.toLowerCase();
    const known = this.ids.get(key);
    known?.delete(toolId);
    if (known?.size === 0) this.ids.delete(key);
  }

  get(name: string): string[] {
    return [...(this.ids.get(name.toLowerCase()) ?? [])];
  }
}
