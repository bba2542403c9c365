source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_b_mul(i64 %i0, i64 %i1, i64 %i2, i64 %i3, i64 %i4, i64 %i5, i64 %i6, i64 %i7, i64 %i8, i64 %i9, i64 %i10, i64 %i11, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2) nounwind {
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
	%19 = srem i64 %17, %i1
	%20 = sdiv i64 %17, %i1
	%21 = srem i64 %20, %i2
	%22 = sdiv i64 %20, %i2
	%23 = srem i64 %22, %i3
	%24 = sdiv i64 %22, %i3
	%25 = mul i64 %19, %i4
	%26 = mul i64 %21, %i5
	%27 = add i64 %25, %26
	%28 = mul i64 %23, %i6
	%29 = add i64 %27, %28
	%30 = mul i64 %24, %i7
	%31 = add i64 %29, %30
	%32 = getelementptr float, float addrspace(1)* %p0, i64 %31
	%33 = load float, float addrspace(1)* %32, align 4
	%34 = mul i64 %19, %i8
	%35 = mul i64 %21, %i9
	%36 = add i64 %34, %35
	%37 = mul i64 %23, %i10
	%38 = add i64 %36, %37
	%39 = mul i64 %24, %i11
	%40 = add i64 %38, %39
	%41 = getelementptr float, float addrspace(1)* %p1, i64 %40
	%42 = load float, float addrspace(1)* %41, align 4
	%43 = fmul float %33, %42
	%44 = getelementptr float, float addrspace(1)* %p2, i64 %17
	store float %43, float addrspace(1)* %44, align 4
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
