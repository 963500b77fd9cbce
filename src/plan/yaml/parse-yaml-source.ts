// Reads a plan file: the fast reader handles the usual plan YAML in a few milliseconds; anything it does
// not know (and every syntax error) goes to the full `yaml` parser.
import { fastParseYaml } from './fast-yaml.ts';
import { fastYamlSource } from './fast-yaml-source.ts';
import { parseYamlText, type YamlSource } from './yaml-source.ts';

export function parseYamlSource(text: string, file: string): YamlSource {
  const fast = fastParseYaml(text);
  return fast ? fastYamlSource(fast, file) : parseYamlText(text, file);
}
