-module(re_run_basic).
-export([test/0]).
%% re:run/2,3 over many patterns and subjects: index results, capture
%% selections and types, unset groups, offsets and the exec options.
patterns() ->
    ["a", "b+", "^a", "c$", "(a)(b)?(c)", "(\\d+)-(\\d+)", "x*", "[a-c]+",
     "\\w+@\\w+\\.com", "(?:ab)+", "(a|b)*c", "^$", ".", "\\s+", "(?i)ABC",
     "a.c", "\\bfoo\\b", "(a)|(b)", "(x)?y", "((a)(b))", "[^abc]", "\\\\",
     "(?=b)", "(?<=a)b", "a{2,3}", "(.)\\1", "\\Aab", "bc\\z", "\\d{3}"].
subjects() ->
    [<<"abc">>, "aabbcc", "", "xyz", "foo bar foo", "12-345", "a\nb\nc",
     "joe@mail.com", "ababab", <<"abcabc">>, "ABC", ["ab", <<"c">>, $d],
     "aa aaa", "\\back", "yy xy", "bbb"].
test() ->
    Grid = [re:run(S, P) || P <- patterns(), S <- subjects()],
    Compiled = [begin {ok, MP} = re:compile(P), re:run(S, MP) end
                || P <- patterns(), S <- subjects()],
    Caps = [re:run(S, "(a)(x)?(b)(c)?", [{capture, Spec, Type}])
            || S <- ["ab", "abc", "zzab", <<"axbc">>, "none"],
               Spec <- [all, all_but_first, first, none, [], [0], [3, 1],
                        [4, 2, 9], [1, 1, 0]],
               Type <- [index, list, binary]],
    Short = [re:run("ab", "(a)(x)?(b)", [{capture, Spec}])
             || Spec <- [all, first, all_but_first, none, [2], [0, 2]]],
    Offsets = [re:run(<<"abcabc">>, "abc", [{offset, N}]) || N <- lists:seq(0, 6)]
        ++ [re:run("abcabc", "^abc", [{offset, 3}]),
            re:run("abcabc", "\\Gabc", [{offset, 3}]),
            re:run("abcabc", "(?<=c)a", [{offset, 3}])],
    Exec = [re:run(S, P, Opts)
            || {S, P} <- [{"ab", "^a"}, {"ab", "b$"}, {"ab", "x*"},
                          {"ba", "a"}, {"", "^$"}, {"a\nb", "^b"}],
               Opts <- [[], [notbol], [noteol], [notempty],
                        [notempty_atstart], [anchored], [notbol, noteol]]],
    [Grid, Compiled, Caps, Short, Offsets, Exec].
