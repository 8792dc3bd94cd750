/*
 * Floor for `lint --spec` and the loader: parse a YAML file with libyaml's
 * event API and do nothing with the events. Nothing that reads the spec can
 * be faster than this. usage: yaml_parse FILE
 */
#include <stdio.h>
#include <stdlib.h>

#include <yaml.h>

int main(int argc, char **argv)
{
	yaml_parser_t p;
	yaml_event_t e;
	unsigned long events = 0;
	FILE *f;
	int done = 0;
	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: yaml_parse FILE\n");
		return 2;
	}
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) {
			fprintf(stderr, "yaml_parse: %s\n", p.problem ? p.problem : "error");
			return 1;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		events++;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	fclose(f);
	printf("%lu events\n", events);
	return 0;
}
