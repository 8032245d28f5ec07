%% The file module (silos/erlang/lib/file.erl over bif_file.c; OTP's
%% kernel file under erl): whole files, appends, directories, info, open
%% files read by line, by count, after a seek, written with io:format and
%% read back with consult and io:get_line, renames and the errors of each.
-module(file_ops).
-export([test/0]).
-include_lib("kernel/include/file.hrl").

-define(D, "file_ops_tmp").

test() ->
    cleanup(),
    D = ?D,
    R = [file:make_dir(D),
         file:make_dir(D),
         file:write_file(D ++ "/a.txt", <<"hello\nworld\n">>),
         file:read_file(D ++ "/a.txt"),
         file:read_file(D ++ "/missing"),
         file:write_file(D ++ "/a.txt", "more\n", [append]),
         file:read_file(D ++ "/a.txt"),
         lists:sort(element(2, file:list_dir(D))),
         info(D ++ "/a.txt"),
         info(D),
         info(D ++ "/none"),
         reads(D ++ "/a.txt"),
         writes(D ++ "/b.txt"),
         file:consult(D ++ "/b.txt"),
         get_line(D ++ "/b.txt"),
         file:rename(D ++ "/b.txt", D ++ "/c.txt"),
         lists:sort(element(2, file:list_dir(D))),
         file:del_dir(D),
         file:open(D ++ "/none/x", [read]),
         file:delete(D ++ "/a.txt"),
         file:delete(D ++ "/c.txt"),
         file:delete(D ++ "/c.txt"),
         file:del_dir(D),
         file:list_dir(D)],
    cleanup(),
    R.

info(Name) ->
    case file:read_file_info(Name) of
        {ok, I} -> {I#file_info.type, I#file_info.size};
        E -> E
    end.

reads(Name) ->
    {ok, F} = file:open(Name, [read]),
    L1 = file:read_line(F),
    C = file:read(F, 3),
    P = file:position(F, 2),
    A = file:read(F, 5),
    E = file:position(F, eof),
    X = file:read(F, 1),
    ok = file:close(F),
    {ok, B} = file:open(Name, [read, binary]),
    Bin = file:read(B, 100),
    ok = file:close(B),
    {L1, C, P, A, E, X, Bin}.

writes(Name) ->
    {ok, F} = file:open(Name, [write]),
    ok = io:format(F, "~p.~n~p.~n", [{a, 1}, [x, "y"]]),
    file:close(F).

get_line(Name) ->
    {ok, F} = file:open(Name, [read]),
    G = io:get_line(F, ''),
    file:close(F),
    G.

cleanup() ->
    [file:delete(?D ++ "/" ++ N) || N <- ["a.txt", "b.txt", "c.txt"]],
    file:del_dir(?D).
