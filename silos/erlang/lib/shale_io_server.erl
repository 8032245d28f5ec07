%% Shale's I/O servers for standard output and standard error: the
%% processes registered as `user` (every process's group leader, as under
%% `erl -noshell`) and `standard_error`.  They speak OTP's I/O protocol
%% ({io_request, From, ReplyAs, Request} -> {io_reply, ReplyAs, Reply}),
%% so stdlib's own io module, io:format(Pid, ...) and user-written group
%% leaders all work as in OTP.  There is no input device yet: reads
%% answer eof, as erl's do when its standard input is empty.
-module(shale_io_server).
-export([start/2, loop/1]).

%% Starts a server registered as Name writing with Out (a fun taking a
%% binary).  Returns its pid.
start(Name, Out) ->
    Pid = spawn(?MODULE, loop, [Out]),
    register(Name, Pid),
    Pid.

loop(Out) ->
    receive
        {io_request, From, ReplyAs, Request} ->
            Reply = request(Request, Out),
            From ! {io_reply, ReplyAs, Reply},
            loop(Out);
        _Other ->
            loop(Out)
    end.

request({put_chars, Enc, Chars}, Out) -> put_chars(Enc, Chars, Out);
request({put_chars, Enc, M, F, A}, Out) ->
    try apply(M, F, A) of
        Chars -> put_chars(Enc, Chars, Out)
    catch _:_ -> {error, F}
    end;
request({put_chars, Chars}, Out) -> put_chars(latin1, Chars, Out);
request({put_chars, M, F, A}, Out) -> request({put_chars, latin1, M, F, A}, Out);
request({requests, Reqs}, Out) -> requests(Reqs, Out, ok);
request({get_chars, _, _, _}, _) -> eof;
request({get_chars, _, _}, _) -> eof;
request({get_line, _, _}, _) -> eof;
request({get_line, _}, _) -> eof;
request({get_until, _, _, _, _, _}, _) -> eof;
request({get_until, _, _, _, _}, _) -> eof;
request({get_password, _}, _) -> eof;
request({setopts, Opts}, _) when is_list(Opts) -> {error, enotsup};
request(getopts, _) -> [{binary, false}, {encoding, latin1}];
request({get_geometry, _}, _) -> {error, enotsup};
request(_, _) -> {error, request}.

requests([R | Rs], Out, _) ->
    case request(R, Out) of
        {error, _} = E -> E;
        Reply -> requests(Rs, Out, Reply)
    end;
requests([], _, Last) -> Last.

%% A Latin-1 device, as erl's standard output with -noshell: characters
%% below 256 go out as single bytes; text beyond that goes out as UTF-8.
put_chars(unicode, Chars, Out) ->
    case unicode:characters_to_binary(Chars, unicode, latin1) of
        Bin when is_binary(Bin) -> Out(Bin), ok;
        _ ->
            case unicode:characters_to_binary(Chars) of
                Bin when is_binary(Bin) -> Out(Bin), ok;
                _ -> {error, put_chars}
            end
    end;
put_chars(latin1, Chars, Out) ->
    try erlang:iolist_to_binary(Chars) of
        Bin -> Out(Bin), ok
    catch _:_ -> {error, put_chars}
    end.
