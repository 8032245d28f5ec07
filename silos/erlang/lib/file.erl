%% The runtime's own `file` module: OTP's file API (the subset below) over
%% the shale_file BIFs (bif_file.c), which use the platform's POSIX calls
%% -- on Shale, libc's, so names are scheme paths: file:read_file("fs:/etc/motd").
%% OTP's kernel `file` needs the emulator's file driver and file_server,
%% which this runtime does not have.
%%
%% An open file is a process (as OTP's, so io:format(F, ...), io:get_line(F,
%% '') and file:read/2 all work) linked to the process that opened it: it
%% closes the descriptor when that process ends.
-module(file).
-export([read_file/1, write_file/2, write_file/3, list_dir/1, delete/1,
         make_dir/1, del_dir/1, rename/2, read_file_info/1, read_file_info/2,
         open/2, close/1, read/2, write/2, position/2, read_line/1,
         pread/3, pwrite/3, consult/1, native_name_encoding/0,
         format_error/1]).
-export([server/3]).

-include_lib("kernel/include/file.hrl").

-export_type([date_time/0]).
-type date_time() :: calendar:datetime().

-define(CHUNK, 65536).

native_name_encoding() -> utf8.

%% ---- by name ------------------------------------------------------------

read_file(Name) ->
    case open(Name, [read, binary]) of
        {ok, F} ->
            R = read_all(F, []),
            close(F),
            R;
        E -> E
    end.

read_all(F, Acc) ->
    case read(F, ?CHUNK) of
        {ok, B} -> read_all(F, [B | Acc]);
        eof -> {ok, iolist_to_binary(lists:reverse(Acc))};
        E -> E
    end.

write_file(Name, Bytes) -> write_file(Name, Bytes, [write]).

write_file(Name, Bytes, Modes) ->
    case open(Name, [binary | Modes]) of
        {ok, F} ->
            R = write(F, Bytes),
            C = close(F),
            if R =:= ok -> C; true -> R end;
        E -> E
    end.

list_dir(Name) ->
    with_name(Name, fun(N) ->
        case shale_file:list_dir(N) of
            {ok, Bins} -> {ok, [unicode:characters_to_list(B) || B <- Bins]};
            E -> E
        end
    end).

delete(Name) -> with_name(Name, fun shale_file:delete/1).
make_dir(Name) -> with_name(Name, fun shale_file:make_dir/1).
del_dir(Name) -> with_name(Name, fun shale_file:del_dir/1).

rename(From, To) ->
    case {name(From), name(To)} of
        {{ok, F}, {ok, T}} -> shale_file:rename(F, T);
        _ -> {error, badarg}
    end.

read_file_info(Name) -> read_file_info(Name, []).

read_file_info(Name, _Opts) ->
    with_name(Name, fun(N) ->
        case shale_file:info(N) of
            {ok, {Type, Size, Mtime, Mode}} ->
                T = calendar:gregorian_seconds_to_datetime(Mtime + 62167219200),
                {ok, #file_info{size = Size, type = Type, access = read_write,
                                atime = T, mtime = T, ctime = T, mode = Mode,
                                links = 1, major_device = 0, minor_device = 0,
                                inode = 0, uid = 0, gid = 0}};
            E -> E
        end
    end).

consult(Name) ->
    case read_file(Name) of
        {ok, Bin} -> consult_terms(unicode:characters_to_list(Bin), 1, []);
        E -> E
    end.

consult_terms(Chars, Line, Acc) ->
    case erl_scan:tokens([], Chars, Line) of
        {done, {ok, Toks, End}, Rest} ->
            case erl_parse:parse_term(Toks) of
                {ok, T} -> consult_terms(Rest, End, [T | Acc]);
                {error, E} -> {error, E}
            end;
        {done, {eof, _}, _} -> {ok, lists:reverse(Acc)};
        {done, {error, E, _}, _} -> {error, E};
        {more, _} -> {ok, lists:reverse(Acc)}
    end.

format_error(Reason) ->
    io_lib:format("~tp", [Reason]).

name(Name) ->
    try unicode:characters_to_binary(Name) of
        B when is_binary(B), byte_size(B) > 0 -> {ok, B};
        _ -> error
    catch _:_ -> error
    end.

with_name(Name, Fun) ->
    case name(Name) of
        {ok, N} -> Fun(N);
        error -> {error, badarg}
    end.

%% ---- open files ---------------------------------------------------------

open(Name, Modes) when is_list(Modes) ->
    Has = fun(M) -> lists:member(M, Modes) end,
    Write = Has(write), Append = Has(append),
    Read = Has(read) orelse not (Write orelse Append),
    case name(Name) of
        {ok, N} ->
            Self = self(),
            Ref = make_ref(),
            Pid = spawn(?MODULE, server, [Self, Ref, {N, Read, Write, Append,
                                                      Has(exclusive), Has(binary)}]),
            receive
                {Ref, ok} -> {ok, Pid};
                {Ref, Error} -> Error
            end;
        error -> {error, badarg}
    end;
open(_, _) ->
    {error, badarg}.

close(F) -> call(F, close).
read(F, N) when is_integer(N), N >= 0 -> call(F, {read, N}).
write(F, Bytes) -> call(F, {write, Bytes}).
position(F, Pos) -> call(F, {position, Pos}).
read_line(F) -> call(F, read_line).

pread(F, At, N) ->
    case position(F, At) of
        {ok, _} -> read(F, N);
        E -> E
    end.

pwrite(F, At, Bytes) ->
    case position(F, At) of
        {ok, _} -> write(F, Bytes);
        E -> E
    end.

call(F, Req) when is_pid(F) ->
    Ref = erlang:monitor(process, F),
    F ! {file_request, self(), Ref, Req},
    receive
        {file_reply, Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, _, _, _} ->
            {error, terminated}
    end;
call(_, _) ->
    {error, badarg}.

%% The process behind an open file.
server(Owner, Ref, {N, Read, Write, Append, Excl, Binary}) ->
    case shale_file:open(N, Read, Write, Append, Excl) of
        {ok, Fd} ->
            process_flag(trap_exit, true),
            link(Owner),
            Owner ! {Ref, ok},
            loop(Owner, Fd, Binary, <<>>);
        Error ->
            Owner ! {Ref, Error}
    end.

%% Buf: bytes read ahead by read_line and get_line, not yet handed out.
loop(Owner, Fd, Binary, Buf) ->
    receive
        {file_request, From, Ref, close} ->
            From ! {file_reply, Ref, shale_file:close(Fd)};
        {file_request, From, Ref, Req} ->
            {Reply, Buf1} = request(Req, Fd, Binary, Buf),
            From ! {file_reply, Ref, Reply},
            loop(Owner, Fd, Binary, Buf1);
        {io_request, From, ReplyAs, Req} ->
            {Reply, Buf1} = io_request(Req, Fd, Binary, Buf),
            From ! {io_reply, ReplyAs, Reply},
            loop(Owner, Fd, Binary, Buf1);
        {'EXIT', Owner, _} ->
            shale_file:close(Fd);
        _ ->
            loop(Owner, Fd, Binary, Buf)
    end.

request({read, N}, Fd, Binary, Buf) ->
    case take(N, Fd, Buf) of
        {ok, B, Buf1} -> {{ok, data(B, Binary)}, Buf1};
        Other -> {Other, Buf}
    end;
request({write, Bytes}, Fd, _, Buf) ->
    {write_bytes(Fd, Bytes, Buf), <<>>};
request({position, Pos}, Fd, _, Buf) ->
    {position_to(Fd, Pos, Buf), <<>>};
request(read_line, Fd, Binary, Buf) ->
    case line(Fd, Buf) of
        {ok, L, Buf1} -> {{ok, data(L, Binary)}, Buf1};
        Other -> {Other, Buf}
    end;
request(_, _, _, Buf) ->
    {{error, einval}, Buf}.

%% A write or seek after reading ahead: the file's position is where the
%% reader stands, not where the read-ahead ended.
unread(_, <<>>) -> ok;
unread(Fd, Buf) -> shale_file:position(Fd, cur, -byte_size(Buf)), ok.

write_bytes(Fd, Bytes, Buf) ->
    unread(Fd, Buf),
    try shale_file:write(Fd, Bytes)
    catch error:badarg -> {error, badarg}
    end.

position_to(Fd, Pos, Buf) ->
    unread(Fd, Buf),
    case Pos of
        N when is_integer(N) -> shale_file:position(Fd, bof, N);
        {bof, N} when is_integer(N) -> shale_file:position(Fd, bof, N);
        {cur, N} when is_integer(N) -> shale_file:position(Fd, cur, N);
        {eof, N} when is_integer(N) -> shale_file:position(Fd, eof, N);
        bof -> shale_file:position(Fd, bof, 0);
        cur -> shale_file:position(Fd, cur, 0);
        eof -> shale_file:position(Fd, eof, 0);
        _ -> {error, einval}
    end.

take(N, _Fd, Buf) when byte_size(Buf) >= N, N > 0 ->
    <<B:N/binary, Rest/binary>> = Buf,
    {ok, B, Rest};
take(N, Fd, Buf) ->
    case shale_file:read(Fd, N - byte_size(Buf)) of
        {ok, More} -> {ok, <<Buf/binary, More/binary>>, <<>>};
        eof when Buf =/= <<>> -> {ok, Buf, <<>>};
        Other -> Other
    end.

line(Fd, Buf) ->
    case binary:split(Buf, <<"\n">>) of
        [L, Rest] -> {ok, <<L/binary, "\n">>, Rest};
        [_] ->
            case shale_file:read(Fd, ?CHUNK) of
                {ok, More} -> line(Fd, <<Buf/binary, More/binary>>);
                eof when Buf =/= <<>> -> {ok, Buf, <<>>};
                Other -> Other
            end
    end.

data(B, true) -> B;
data(B, false) -> binary_to_list(B).

%% OTP's I/O protocol on a file (io:format(F, ...), io:get_line(F, '')).
io_request({put_chars, _Enc, Chars}, Fd, _, Buf) ->
    case unicode:characters_to_binary(Chars) of
        B when is_binary(B) -> {write_bytes(Fd, B, Buf), <<>>};
        _ -> {{error, put_chars}, Buf}
    end;
io_request({put_chars, Enc, M, F, A}, Fd, Binary, Buf) ->
    try apply(M, F, A) of
        Chars -> io_request({put_chars, Enc, Chars}, Fd, Binary, Buf)
    catch _:_ -> {{error, F}, Buf}
    end;
io_request({put_chars, Chars}, Fd, Binary, Buf) ->
    io_request({put_chars, latin1, Chars}, Fd, Binary, Buf);
io_request({get_line, _Enc, _Prompt}, Fd, Binary, Buf) ->
    case line(Fd, Buf) of
        {ok, L, Buf1} -> {data(L, Binary), Buf1};
        Other -> {Other, Buf}
    end;
io_request({get_chars, _Enc, _Prompt, N}, Fd, Binary, Buf) ->
    case take(N, Fd, Buf) of
        {ok, B, Buf1} -> {data(B, Binary), Buf1};
        Other -> {Other, Buf}
    end;
io_request({get_until, _Enc, _Prompt, M, F, A}, Fd, Binary, Buf) ->
    until(M, F, A, [], Fd, Binary, Buf);
io_request({setopts, _}, _, _, Buf) -> {ok, Buf};
io_request(getopts, _, Binary, Buf) -> {[{binary, Binary}], Buf};
io_request(_, _, _, Buf) -> {{error, request}, Buf}.

until(M, F, A, Cont, Fd, Binary, Buf) ->
    {Chars, Buf1} = case line(Fd, Buf) of
                        {ok, L, B1} -> {binary_to_list(L), B1};
                        _ -> {eof, <<>>}
                    end,
    case apply(M, F, [Cont, Chars | A]) of
        {done, Result, Left} when is_list(Left) ->
            {Result, <<(list_to_binary(Left))/binary, Buf1/binary>>};
        {done, Result, _} ->
            {Result, Buf1};
        {more, Cont1} when Chars =/= eof ->
            until(M, F, A, Cont1, Fd, Binary, Buf1);
        {more, _} ->
            {eof, Buf1}
    end.
