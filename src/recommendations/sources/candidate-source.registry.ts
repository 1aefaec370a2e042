import { Inject, Injectable } from '@nestjs/common';
import { CANDIDATE_SOURCES, type CandidateSource } from './candidate-source.js';

/** Picks candidate sources by name (the names placement plans use). */
@Injectable()
export class CandidateSourceRegistry {
  private readonly byName = new Map<string, CandidateSource>();

  constructor(@Inject(CANDIDATE_SOURCES) sources: CandidateSource[]) {
    for (const s of sources) {
      if (this.byName.has(s.name)) throw new Error(`duplicate candidate source "${s.name}"`);
      this.byName.set(s.name, s);
    }
  }

  get(name: string): CandidateSource {
    const s = this.byName.get(name);
    if (!s) throw new Error(`unknown candidate source "${name}" (known: ${this.names().join(', ')})`);
    return s;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
