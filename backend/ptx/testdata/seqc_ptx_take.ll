source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_take(i64 %i0, i64 %i1, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%9 = zext i32 %8 to i64
	%10 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%11 = zext i32 %10 to i64
	%12 = mul i64 %11, 256
	%13 = add i64 %12, %9
	%14 = mul i64 %3, %5
	%15 = add i64 %14, %1
	%16 = mul i64 %15, 256
	%17 = add i64 %16, %13
	%18 = icmp slt i64 %17, %i0
	br i1 %18, label %if.1, label %if.join.2

if.1:
	%19 = sdiv i64 %17, %i1
	%20 = getelementptr float, float addrspace(1)* %p1, i64 %19
	%21 = bitcast float addrspace(1)* %20 to i32 addrspace(1)*
	%22 = load i32, i32 addrspace(1)* %21, align 4
	%23 = sext i32 %22 to i64
	%24 = mul i64 %23, %i1
	%25 = srem i64 %17, %i1
	%26 = add i64 %24, %25
	%27 = getelementptr float, float addrspace(1)* %p0, i64 %26
	%28 = load float, float addrspace(1)* %27, align 4
	%29 = getelementptr float, float addrspace(1)* %p2, i64 %17
	store float %28, float addrspace(1)* %29, align 4
	br label %if.join.2

if.join.2:
	ret void
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()
